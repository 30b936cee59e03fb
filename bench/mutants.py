"""Single-token mutants of a Python module, made on its syntax tree.

Each mutant changes one thing a test should notice: a comparison flipped (``<`` to ``<=``),
an arithmetic or boolean operator swapped, a number changed, a condition removed (an ``if``
whose branch is never taken, a ``not`` or a unary minus dropped), ``abs()`` dropped, ``min``
and ``max`` exchanged. Error messages (f-strings, the arguments of ``raise``) and type
annotations are left alone: a change there moves no number.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass
from typing import Callable, Iterator

COMPARISON_FLIPS = {
    ast.Lt: ast.LtE, ast.LtE: ast.Lt, ast.Gt: ast.GtE, ast.GtE: ast.Gt, ast.Eq: ast.NotEq, ast.NotEq: ast.Eq,
    ast.Is: ast.IsNot, ast.IsNot: ast.Is, ast.In: ast.NotIn, ast.NotIn: ast.In,
}
OPERATOR_SWAPS = {
    ast.Add: ast.Sub, ast.Sub: ast.Add, ast.Mult: ast.Div, ast.Div: ast.Mult, ast.FloorDiv: ast.Div,
    ast.Mod: ast.FloorDiv, ast.Pow: ast.Mult, ast.BitAnd: ast.BitOr, ast.BitOr: ast.BitAnd,
}
BOOL_SWAPS = {ast.And: ast.Or, ast.Or: ast.And}
SYMBOLS = {
    ast.Lt: "<", ast.LtE: "<=", ast.Gt: ">", ast.GtE: ">=", ast.Eq: "==", ast.NotEq: "!=", ast.Is: "is",
    ast.IsNot: "is not", ast.In: "in", ast.NotIn: "not in", ast.Add: "+", ast.Sub: "-", ast.Mult: "*",
    ast.Div: "/", ast.FloorDiv: "//", ast.Mod: "%", ast.Pow: "**", ast.BitAnd: "&", ast.BitOr: "|",
    ast.And: "and", ast.Or: "or",
}
MIN_MAX = {"min": "max", "max": "min", "minimum": "maximum", "maximum": "minimum", "idxmin": "idxmax",
           "idxmax": "idxmin", "nanmin": "nanmax", "nanmax": "nanmin"}


@dataclass(frozen=True)
class Site:
    """One place a mutant can be made: its line, column and what the mutation does."""

    line: int
    col: int
    description: str


def _changed_number(value: int | float) -> int | float:
    """The number a constant becomes: an integer plus one, a float doubled (zero becomes one)."""
    if isinstance(value, int):
        return value + 1
    return value * 2 if value else 1.0


def _skipped(tree: ast.AST) -> set[int]:
    """Ids of the nodes no mutant touches: messages, annotations, docstrings."""
    skip: set[int] = set()

    def mark(node: ast.AST | None) -> None:
        if node is not None:
            skip.update(id(n) for n in ast.walk(node))

    for node in ast.walk(tree):
        if isinstance(node, (ast.JoinedStr, ast.Raise)):
            mark(node)
        elif isinstance(node, ast.arg):
            mark(node.annotation)
        elif isinstance(node, ast.AnnAssign):
            mark(node.annotation)
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            mark(node.returns)
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in (
                "debug", "info", "warning", "warn"):
            mark(node)
    return skip


def _replace(tree: ast.AST, old: ast.AST, new: ast.AST) -> None:
    """Put ``new`` where ``old`` is in ``tree``."""
    for parent in ast.walk(tree):
        for field, value in ast.iter_fields(parent):
            if value is old:
                setattr(parent, field, new)
                return
            if isinstance(value, list) and any(v is old for v in value):
                value[[i for i, v in enumerate(value) if v is old][0]] = new
                return


def _candidates(tree: ast.AST) -> Iterator[tuple[Site, Callable[[], None]]]:
    """Every mutation of ``tree`` in a fixed order, with a function that applies it in place."""
    skip = _skipped(tree)
    for node in ast.walk(tree):
        if id(node) in skip:
            continue
        where = (getattr(node, "lineno", 0), getattr(node, "col_offset", 0))
        if isinstance(node, ast.Compare):
            for i, op in enumerate(node.ops):
                new = COMPARISON_FLIPS.get(type(op))
                if new:
                    yield (Site(*where, f"'{SYMBOLS[type(op)]}' -> '{SYMBOLS[new]}'"),
                           lambda node=node, i=i, new=new: node.ops.__setitem__(i, new()))
        elif isinstance(node, (ast.BinOp, ast.AugAssign)):
            new = OPERATOR_SWAPS.get(type(node.op))
            if new:
                yield (Site(*where, f"'{SYMBOLS[type(node.op)]}' -> '{SYMBOLS[new]}'"),
                       lambda node=node, new=new: setattr(node, "op", new()))
        elif isinstance(node, ast.BoolOp):
            new = BOOL_SWAPS[type(node.op)]
            yield (Site(*where, f"'{SYMBOLS[type(node.op)]}' -> '{SYMBOLS[new]}'"),
                   lambda node=node, new=new: setattr(node, "op", new()))
        elif isinstance(node, ast.UnaryOp) and isinstance(node.op, (ast.Not, ast.USub, ast.Invert)):
            name = {ast.Not: "not", ast.USub: "unary -", ast.Invert: "~"}[type(node.op)]
            yield Site(*where, f"'{name}' removed"), lambda node=node: _replace(tree, node, node.operand)
        elif isinstance(node, ast.Constant) and type(node.value) in (int, float):
            new_value = _changed_number(node.value)
            yield (Site(*where, f"{node.value!r} -> {new_value!r}"),
                   lambda node=node, v=new_value: setattr(node, "value", v))
        elif isinstance(node, ast.Constant) and isinstance(node.value, bool):
            yield (Site(*where, f"{node.value!r} -> {not node.value!r}"),
                   lambda node=node: setattr(node, "value", not node.value))
        elif isinstance(node, (ast.If, ast.IfExp)):
            yield (Site(*where, "condition removed (branch never taken)"),
                   lambda node=node: setattr(node, "test", ast.Constant(False)))
        elif isinstance(node, ast.Call):
            yield from _call_mutations(tree, node, where)


def _call_mutations(tree: ast.AST, node: ast.Call,
                    where: tuple[int, int]) -> Iterator[tuple[Site, Callable[[], None]]]:
    func = node.func
    name = func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else None
    if name == "abs" and len(node.args) == 1 and not node.keywords:  # abs(x), np.abs(x)
        yield Site(*where, "abs() removed"), lambda: _replace(tree, node, node.args[0])
    elif name == "abs" and isinstance(func, ast.Attribute) and not node.args:  # frame.abs()
        yield Site(*where, ".abs() removed"), lambda: _replace(tree, node, func.value)
    elif name in MIN_MAX:
        new = MIN_MAX[name]
        attr = "id" if isinstance(func, ast.Name) else "attr"
        yield Site(*where, f"{name} -> {new}"), lambda: setattr(func, attr, new)


def sites(source: str) -> list[Site]:
    """Every mutant of ``source``, in a fixed order (the index is the mutant's number)."""
    return [site for site, _ in _candidates(ast.parse(source))]


def mutant(source: str, filename: str, index: int) -> tuple[Site, object]:
    """The ``index``-th mutant of ``source``: its site and its compiled code."""
    tree = ast.parse(source)
    for n, (site, apply) in enumerate(_candidates(tree)):
        if n == index:
            apply()
            ast.fix_missing_locations(tree)
            return site, compile(tree, filename, "exec")
    raise IndexError(f"{filename} has no mutant number {index}")
