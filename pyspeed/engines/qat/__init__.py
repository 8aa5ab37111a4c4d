"""The qat engine: a calibrated model of an Intel QuickAssist card behind the QAT engine."""

from pyspeed.engines.qat.engine import QatEngine, QatEngineNew
from pyspeed.engines.qat.operation import pool_of

__all__ = ["QatEngine", "QatEngineNew", "pool_of"]
