"""Assess: origins, independence, grades, outlet reliability and contradictions.

Pure functions over the link stage's output; the store wires them in:

- ``resolve_origins(items, links, reliability)``: claim_id -> ``CarrierOrigin``;
- ``assess_groups(groups, items, origins, reliability)``: one ``Assessment`` per group;
- ``find_contradictions(groups, items, assessments)``: groups that cannot both hold;
- ``ReliabilityTable``: the analyst's outlet -> rating table (CSV or TOML);
- ``outlet_key(name)``: one key per outlet however its name is written.
"""

from echolocate.stages.assess.contradictions import find_contradictions
from echolocate.stages.assess.grades import GRADE_RANK, assess_groups
from echolocate.stages.assess.origins import resolve_origins
from echolocate.stages.assess.outlet_names import outlet_key, wire_name
from echolocate.stages.assess.reliability import ReliabilityTable

__all__ = ["GRADE_RANK", "ReliabilityTable", "assess_groups", "find_contradictions", "outlet_key",
           "resolve_origins", "wire_name"]
