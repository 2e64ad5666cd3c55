from . import test_loaner
