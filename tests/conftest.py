import sys
from pathlib import Path

# tests/golden.py is shared test support, imported as a top-level module
sys.path.insert(0, str(Path(__file__).parent))
