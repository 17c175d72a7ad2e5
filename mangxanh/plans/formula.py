"""Indicator formulas: a tiny safe language over recorded data.

    share_units_with_activity(type=any, period=term) * 1
    sum_activities(field=students, type=training) / count_units(units=school)
    share_ack(document=12)

Parsed with Python's `ast` and a whitelist: numbers, + - * /, unary minus and calls of
the functions below with keyword arguments whose values are bare names or numbers.
Anything else is refused with a Vietnamese message when the indicator is saved.
"""

from __future__ import annotations

import ast
import datetime as dt
from dataclasses import dataclass

from mangxanh.plans.models import ActivityKind

MAX_LENGTH = 500

PERIODS = ("term", "year", "all")
UNIT_SETS = ("school", "all")
FIELDS = {"students": "student_count", "staff": "staff_count", "parents": "parent_count"}
KINDS = ("any", *ActivityKind.values)

# function name -> {argument: allowed values (tuple) or "int"}
FUNCTIONS: dict[str, dict[str, tuple | str]] = {
    "count_activities": {"type": KINDS, "period": PERIODS},
    "sum_activities": {"field": tuple(FIELDS), "type": KINDS, "period": PERIODS},
    "share_units_with_activity": {"type": KINDS, "period": PERIODS, "units": UNIT_SETS},
    "count_units": {"units": UNIT_SETS},
    "share_ack": {"document": "int"},
    "count_incidents": {"period": PERIODS},
}
REQUIRED = {"sum_activities": {"field"}, "share_ack": {"document"}}
# Functions other apps add (mangxanh.learning): name -> evaluator(call, unit, start, end) -> number.
EXTERNAL: dict = {}


def register_function(name: str, params: dict[str, tuple | str], evaluator, required: set[str] | None = None) -> None:
    """Let another app offer a function to indicator formulas (same checks as the built-in ones)."""
    FUNCTIONS[name] = params
    if required:
        REQUIRED[name] = set(required)
    EXTERNAL[name] = evaluator


class FormulaError(ValueError):
    """A formula we refuse; the message is Vietnamese."""


@dataclass(frozen=True)
class Call:
    name: str
    args: tuple[tuple[str, str | int], ...]

    def arg(self, key: str, default):
        return dict(self.args).get(key, default)


def _value(node: ast.expr, func: str, key: str) -> str | int:
    allowed = FUNCTIONS[func][key]
    if allowed == "int":
        if isinstance(node, ast.Constant) and type(node.value) is int and node.value > 0:
            return node.value
        raise FormulaError(f"Tham số «{key}» của hàm «{func}» phải là một số nguyên dương (mã văn bản).")
    if isinstance(node, ast.Name):
        value = node.id
    elif isinstance(node, ast.Constant) and isinstance(node.value, str):
        value = node.value
    else:
        raise FormulaError(f"Giá trị của tham số «{key}» trong hàm «{func}» không hợp lệ.")
    if value not in allowed:
        raise FormulaError(
            f"Giá trị «{value}» không hợp lệ cho tham số «{key}» của hàm «{func}»; chọn một trong: "
            + ", ".join(allowed) + "."
        )
    return value


def _check(node: ast.AST) -> None:
    if isinstance(node, ast.Expression):
        _check(node.body)
    elif isinstance(node, ast.BinOp) and isinstance(node.op, (ast.Add, ast.Sub, ast.Mult, ast.Div)):
        _check(node.left)
        _check(node.right)
    elif isinstance(node, ast.UnaryOp) and isinstance(node.op, (ast.USub, ast.UAdd)):
        _check(node.operand)
    elif isinstance(node, ast.Constant) and type(node.value) in (int, float):
        pass
    elif isinstance(node, ast.Call):
        if not isinstance(node.func, ast.Name) or node.func.id not in FUNCTIONS:
            name = node.func.id if isinstance(node.func, ast.Name) else ast.unparse(node.func)
            raise FormulaError(f"Không có hàm «{name}». Các hàm dùng được: {', '.join(FUNCTIONS)}.")
        func = node.func.id
        if node.args:
            raise FormulaError(f"Hàm «{func}» chỉ nhận tham số có tên, ví dụ {func}(period=term).")
        seen = set()
        for kw in node.keywords:
            if kw.arg is None or kw.arg not in FUNCTIONS[func]:
                raise FormulaError(
                    f"Hàm «{func}» không có tham số «{kw.arg or '**'}»; các tham số: "
                    + (", ".join(FUNCTIONS[func]) or "không có") + "."
                )
            if kw.arg in seen:
                raise FormulaError(f"Tham số «{kw.arg}» của hàm «{func}» bị lặp lại.")
            seen.add(kw.arg)
            _value(kw.value, func, kw.arg)
        missing = REQUIRED.get(func, set()) - seen
        if missing:
            raise FormulaError(f"Hàm «{func}» cần tham số: {', '.join(sorted(missing))}.")
    elif isinstance(node, ast.Name):
        raise FormulaError(f"Không có trường dữ liệu «{node.id}». Hãy dùng một trong các hàm: {', '.join(FUNCTIONS)}.")
    else:
        raise FormulaError("Công thức chỉ được dùng số, các phép + - * / và các hàm cho sẵn.")


def parse(formula: str) -> ast.Expression:
    if not isinstance(formula, str) or not formula.strip():
        raise FormulaError("Công thức không được để trống.")
    if len(formula) > MAX_LENGTH:
        raise FormulaError(f"Công thức quá dài (tối đa {MAX_LENGTH} ký tự).")
    try:
        tree = ast.parse(formula.strip(), mode="eval")
    except (SyntaxError, ValueError) as exc:
        raise FormulaError("Công thức sai cú pháp.") from exc
    _check(tree)
    return tree


def period_range(period: str, today: dt.date) -> tuple[dt.date | None, dt.date | None]:
    """School terms: August–December and January–July; the school year starts 1 August."""
    if period == "all":
        return None, None
    year_start = dt.date(today.year if today.month >= 8 else today.year - 1, 8, 1)
    if period == "year":
        return year_start, dt.date(year_start.year + 1, 7, 31)
    if today.month >= 8:
        return dt.date(today.year, 8, 1), dt.date(today.year, 12, 31)
    return dt.date(today.year, 1, 1), dt.date(today.year, 7, 31)


def evaluate(formula: str, unit, *, period: str = "year", today: dt.date | None = None) -> float:
    """The formula's value for unit's whole subtree (each unit counted once, by path prefix)."""
    from mangxanh.plans import rollup

    tree = parse(formula)
    today = today or dt.date.today()

    def walk(node: ast.AST) -> float:
        if isinstance(node, ast.Expression):
            return walk(node.body)
        if isinstance(node, ast.Constant):
            return float(node.value)
        if isinstance(node, ast.UnaryOp):
            value = walk(node.operand)
            return -value if isinstance(node.op, ast.USub) else value
        if isinstance(node, ast.BinOp):
            left, right = walk(node.left), walk(node.right)
            if isinstance(node.op, ast.Add):
                return left + right
            if isinstance(node.op, ast.Sub):
                return left - right
            if isinstance(node.op, ast.Mult):
                return left * right
            return left / right if right else 0.0
        call = Call(node.func.id, tuple((kw.arg, _value(kw.value, node.func.id, kw.arg)) for kw in node.keywords))
        start, end = period_range(str(call.arg("period", period)), today)
        return float(rollup.function_value(call, unit, start, end))

    return walk(tree)
