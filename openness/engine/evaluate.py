"""Evaluate a rubric's checks over component states, and climb the levels.

Pure: states in, results out. Outcome of a condition: pass when the component's status is one the
condition accepts, unknown when the status is unknown, fail otherwise. `any_of` passes when one
condition passes, else is unknown when one is unknown, else fails. The level is the highest k such
that every check of levels 1..k passes; `blocked_by` names the checks of level k+1 that did not.
"""

from __future__ import annotations

from openness.engine.rubric import CheckDef, Condition, LevelDef, Rubric
from openness.models import BlockedBy, CheckResult, ComponentState, LevelResult, Outcome


def _condition_outcome(cond: Condition, states: dict[str, ComponentState]) -> Outcome:
    state = states.get(cond.component)
    if state is None or state.status == "unknown":
        return "unknown"
    return "pass" if state.status in cond.statuses else "fail"


def _describe(cond: Condition, state: ComponentState | None, rubric: Rubric) -> str:
    comp = rubric.components[cond.component]
    if state is None or state.status == "unknown":
        why = f" ({state.reason})" if state is not None and state.reason else ""
        return f"{comp.title}: could not be verified{why}"
    meaning = comp.statuses.get(state.status, "")
    source = f" [{state.reason}]" if state.reason else ""
    return f"{comp.title}: {state.status} — {meaning}{source}"


def evaluate_check(level: LevelDef, check: CheckDef, states: dict[str, ComponentState], rubric: Rubric) -> CheckResult:
    outcomes = [_condition_outcome(c, states) for c in check.conditions]
    if "pass" in outcomes:
        outcome: Outcome = "pass"
        used = [c for c, o in zip(check.conditions, outcomes) if o == "pass"]
    elif "unknown" in outcomes:
        outcome = "unknown"
        used = check.conditions
    else:
        outcome = "fail"
        used = check.conditions
    reason = "; ".join(_describe(c, states.get(c.component), rubric) for c in used)
    evidence = [ev for c in used if c.component in states for ev in states[c.component].evidence]
    return CheckResult(
        id=check.id,
        level=level.value,
        title=check.title,
        outcome=outcome,
        reason=reason,
        evidence=evidence,
        remediation="" if outcome == "pass" else check.remediation,
    )


def evaluate(rubric: Rubric, states: dict[str, ComponentState]) -> tuple[list[CheckResult], LevelResult]:
    results = [evaluate_check(level, check, states, rubric) for level, check in rubric.all_checks()]
    return results, climb(rubric, results)


def climb(rubric: Rubric, results: list[CheckResult]) -> LevelResult:
    by_level: dict[int, list[CheckResult]] = {}
    for r in results:
        by_level.setdefault(r.level, []).append(r)
    reached = rubric.levels[0]
    for level in rubric.levels[1:]:
        if all(r.outcome == "pass" for r in by_level.get(level.value, [])):
            reached = level
        else:
            break
    blocked: list[BlockedBy] = []
    next_levels = [lv for lv in rubric.levels if lv.value > reached.value]
    if next_levels:
        nxt = next_levels[0]
        blocked = [
            BlockedBy(check=r.id, outcome=r.outcome, reason=r.reason)
            for r in by_level.get(nxt.value, [])
            if r.outcome != "pass"
        ]
    rationale = reached.summary
    if blocked:
        nxt = next_levels[0]
        rationale += f" Level {nxt.value} ({nxt.name}) is blocked by: " + ", ".join(
            f"{b.check} ({b.outcome})" for b in blocked
        ) + "."
    return LevelResult(value=reached.value, name=reached.name, blocked_by=blocked, rationale=rationale.strip())


def cap_level(rubric: Rubric, own: LevelResult, ceiling: int, why: str) -> LevelResult:
    """A derivative is never more open than its base: lower `own` to `ceiling` when above it."""
    if own.value <= ceiling:
        return own
    level = rubric.level(ceiling)
    blocked = [BlockedBy(check="base-model", outcome="fail", reason=why)]
    return LevelResult(value=ceiling, name=level.name, blocked_by=blocked, rationale=f"{level.summary} {why}".strip())
