"""The result every framework returns, so reports and the compare table treat them alike.

It is part of the report contract, so it is defined in openness.models; re-exported here.
"""

from openness.models import FrameworkResult

__all__ = ["FrameworkResult"]
