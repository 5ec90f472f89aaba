"""Bodies by the levels of government that have them, for reading a name written bare.

A plan names its own government's bodies bare (市场监管局 in a city's plan is the city's). A body that
only provinces have below the nation is, named bare in a city's or county's plan, its province's: a
department called 厅 (科技厅), and the bodies below, which cities and counties fold into their market
regulation or justice bureaus (the provincial 药品监督管理局 under the 2018 reform of the State Council's
and the provinces' bodies; prison and drug-rehabilitation administrations under the justice department).

Examples
--------
>>> "药品监督管理局" in PROVINCIAL_BODIES
True
"""

from __future__ import annotations

__all__ = ["PROVINCIAL_ENDINGS", "PROVINCIAL_BODIES"]

#: Name endings of the departments of a provincial government.
PROVINCIAL_ENDINGS = ("厅",)
#: Gazetteer names (canonical) of bodies that, below the nation, only provinces have.
PROVINCIAL_BODIES = frozenset({"药品监督管理局", "监狱管理局", "戒毒管理局"})
