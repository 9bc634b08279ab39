"""
Finding fixture files and reading them safely: YAML without aliases,
duplicate keys or more values and nesting than the caller allows, JSON
without duplicate keys, and never a file larger than the caller allows.

What the limits are is the fixture format's to say (loader/fixture_format.py);
this module only enforces them and turns every failure into a readable reason.
"""

import json
from pathlib import Path

import yaml
from yaml.composer import Composer
from yaml.constructor import ConstructorError
from yaml.events import AliasEvent

from loader.problems import FixtureError, Problem

EXTENSIONS = (".yaml", ".yml", ".json")

try:
    from yaml import CSafeLoader

    class _Base(Composer, CSafeLoader):
        """libyaml's fast parser with PyYAML's composer, which can be overridden."""

        def __init__(self, stream):
            CSafeLoader.__init__(self, stream)
            Composer.__init__(self)

except ImportError:  # pragma: no cover - PyYAML built without libyaml
    _Base = yaml.SafeLoader


class _SafeLoader(_Base):
    """
    yaml.safe_load with three more refusals: aliases (`*name`, the stuff of
    "billion laughs" bombs, and never needed in a fixture), duplicate keys
    (the second `summary:` would silently win), and documents with more nodes
    or deeper nesting than allowed. PyYAML's own composer is used over the
    fast C parser so that nodes can be counted as they are built.
    """

    def __init__(self, stream, *, max_nodes, max_depth):
        super().__init__(stream)
        self.max_nodes, self.max_depth = max_nodes, max_depth
        self.node_count = 0
        self.depth = 0

    def compose_node(self, parent, index):
        if self.check_event(AliasEvent):
            event = self.peek_event()
            raise ConstructorError(
                None,
                None,
                "aliases (*name) are not allowed in fixtures; write the value out",
                event.start_mark,
            )
        self.node_count += 1
        if self.node_count > self.max_nodes:
            raise ConstructorError(
                None,
                None,
                f"more than {self.max_nodes} values in one file; split it",
                self.peek_event().start_mark,
            )
        self.depth += 1
        try:
            if self.depth > self.max_depth:
                raise ConstructorError(
                    None,
                    None,
                    f"nested more than {self.max_depth} levels deep",
                    self.peek_event().start_mark,
                )
            return super().compose_node(parent, index)
        finally:
            self.depth -= 1

    def construct_mapping(self, node, deep=False):
        if isinstance(node, yaml.MappingNode):
            self.flatten_mapping(node)
            seen = set()
            for key_node, _value in node.value:
                key = self.construct_object(key_node, deep=True)
                try:
                    duplicate = key in seen
                except TypeError:
                    continue  # unhashable: the base class reports it
                if duplicate:
                    raise ConstructorError(
                        None,
                        None,
                        f"duplicate key {key!r}",
                        key_node.start_mark,
                    )
                seen.add(key)
        return super().construct_mapping(node, deep=deep)

    def construct_yaml_timestamp(self, node):
        try:
            return super().construct_yaml_timestamp(node)
        except (ValueError, OverflowError) as e:
            raise ConstructorError(
                None, None, f"{node.value!r} is not a valid date ({e})", node.start_mark
            ) from None


_SafeLoader.add_constructor("tag:yaml.org,2002:timestamp", _SafeLoader.construct_yaml_timestamp)


def _no_duplicate_keys(pairs):
    result = {}
    for key, value in pairs:
        if key in result:
            raise ValueError(f"duplicate key {key!r}")
        result[key] = value
    return result


def parse_text(text, suffix, *, max_nodes, max_depth):
    """The data in `text`; raises ValueError with a readable reason."""
    if suffix == ".json":
        try:
            return json.loads(text, object_pairs_hook=_no_duplicate_keys)
        except json.JSONDecodeError as e:
            raise ValueError(
                f"malformed JSON at line {e.lineno}, column {e.colno}: {e.msg}"
            ) from None
        except RecursionError:
            raise ValueError("malformed JSON: nested too deeply") from None
    try:
        # What yaml.load does, with a loader that is told its limits.
        loader = _SafeLoader(text, max_nodes=max_nodes, max_depth=max_depth)
        try:
            return loader.get_single_data()
        finally:
            loader.dispose()
    except yaml.MarkedYAMLError as e:
        mark = e.problem_mark or e.context_mark
        where = f" at line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        reason = "; ".join(part for part in (e.context, e.problem) if part)
        raise ValueError(f"malformed YAML{where}: {reason}") from None
    except yaml.YAMLError as e:
        raise ValueError(f"malformed YAML: {e}") from None
    except RecursionError:
        raise ValueError("malformed YAML: nested too deeply") from None


def read_file(path, max_size, *, max_nodes, max_depth):
    """
    The parsed content of one file. The size is checked before reading and
    the bytes must be UTF-8; raises ValueError with the reason.
    """
    size = path.stat().st_size
    if size > max_size:
        raise ValueError(
            f"file is {_megabytes(size)}, larger than the limit of {_megabytes(max_size)} "
            "(see --max-file-size)"
        )
    with path.open("rb") as f:
        raw = f.read(max_size + 1)  # the file may have grown since stat()
    if len(raw) > max_size:
        raise ValueError(f"file is larger than the limit of {_megabytes(max_size)}")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as e:
        raise ValueError(
            f"not valid UTF-8 at byte {e.start} ({e.reason}); save the file as UTF-8"
        ) from None
    return parse_text(
        text.removeprefix("\ufeff"),
        path.suffix.lower(),
        max_nodes=max_nodes,
        max_depth=max_depth,
    )


def _megabytes(size):
    return f"{size / (1024 * 1024):.1f} MB"


def find_files(paths):
    """
    The fixture files under `paths` (files, or directories whose *.yaml,
    *.yml and *.json files are read, not recursively), sorted, without
    duplicates. Raises FixtureError for a path that does not exist.
    """
    found, problems = [], []
    for given in paths:
        path = Path(given)
        if path.is_dir():
            files = sorted(
                p
                for p in path.iterdir()
                if p.suffix.lower() in EXTENSIONS and p.is_file() and not p.name.startswith(".")
            )
            if not files:
                problems.append(Problem(given, "", "no *.yaml, *.yml or *.json files here"))
            found.extend(files)
        elif path.is_file():
            if path.suffix.lower() not in EXTENSIONS:
                problems.append(Problem(given, "", "not a .yaml, .yml or .json file"))
            found.append(path)
        else:
            problems.append(Problem(given, "", "no such file or directory"))
    if problems:
        raise FixtureError(problems)
    unique, seen = [], set()
    for path in found:
        resolved = path.resolve()
        if resolved not in seen:
            seen.add(resolved)
            unique.append(path)
    return unique
