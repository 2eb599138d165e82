"""The model core: every model in :mod:`pyscim.model` declares its fields on :class:`Model`.

A model instance wraps the JSON object it was built from (``_data``, keyed by JSON
attribute names). Nothing is converted up front: an attribute is checked and typed
when it is first read, and the typed value is stored back, so reading a 200-user page
costs little more than ``json.loads``. Serialization hands ``_data`` to ``json.dumps``
as it is, so what a caller gave is written without being re-walked in Python.

Attribute names match case-insensitively on input (RFC 7643 §2.1); attributes no
field declares are kept, never dropped.
"""

from __future__ import annotations

import copy
import inspect
import json
import pprint
import sys
import typing
from datetime import date, datetime
from typing import Any, Callable, ClassVar, Dict, Iterable, List, Optional, Tuple, Type

from pyscim.exceptions import (
    ApiAttributeError,
    ApiKeyError,  # noqa: F401  (1.0.0 re-exported it from here)
    ApiTypeError,
    ApiValueError,
)

__all__ = [
    "Model",
    "field",
    "Field",
    "OpenApiModel",
    "ModelNormal",
    "ModelComposed",
    "ModelSimple",
    "none_type",
    "file_type",
    "to_json",
    "dumps",
    "model_to_dict",
    "render_path",
    "allof_part",
    "TypedList",
]

none_type = type(None)
file_type = typing.IO
_MISSING: Any = object()
Path = Tuple[Any, ...]


def render_path(path: Iterable[Any]) -> str:
    """Render a path such as ``("operations", 3, "bulk_id")`` as ``operations[3].bulk_id``."""
    out = ""
    for part in path:
        if isinstance(part, int):
            out += "[%d]" % part
        else:
            out += ("." if out else "") + str(part)
    return out


def _type_name(value: Any) -> str:
    return type(value).__name__


def _parse_datetime(value: str) -> datetime:
    """ISO 8601 / RFC 3339 date-time, as SCIM sends it (``Z`` suffix included)."""
    try:
        return datetime.fromisoformat(value.replace("Z", "+00:00").replace("z", "+00:00"))
    except ValueError:
        from dateutil.parser import isoparse

        return isoparse(value)


# --------------------------------------------------------------------------- kinds
# A field's declared type is compiled once into a (check, read) pair:
#   check(field, value, path, strict) -> value to store   (caller input)
#   read(field, instance, value)      -> typed value       (first read of stored data)


class _Kind:
    """How one declared type is checked on input and typed on read."""

    name = "any"
    doc_type = "bool, date, datetime, dict, float, int, list, str, none_type"

    def check(self, f: Optional["Field"], value: Any, path: Path, strict: bool) -> Any:
        return value

    def read(self, f: "Field", inst: "Model", value: Any) -> Any:
        return value


class _Scalar(_Kind):
    def __init__(self, py_type: type, name: str, coerce: Callable[[Any], Any]) -> None:
        self.py_type = py_type
        self.name = self.doc_type = name
        self.coerce = coerce

    def accepts(self, value: Any) -> bool:
        if self.py_type is bool:
            return isinstance(value, bool)
        if self.py_type is float:
            return isinstance(value, (int, float)) and not isinstance(value, bool)
        return isinstance(value, self.py_type) and not isinstance(value, bool)

    def check(self, f: Optional["Field"], value: Any, path: Path, strict: bool) -> Any:
        if value is None or not strict or self.accepts(value):
            return value
        raise ApiTypeError(
            "Invalid type for `%s`: expected %s, got %s (%r)"
            % (render_path(path), self.name, _type_name(value), value),
            path_to_item=list(path),
            valid_classes=(self.py_type,),
        )

    def convert(self, value: Any, check: bool, path: Path) -> Any:
        """Type a value the server sent: coerce what is safe, else raise (or keep it when unchecked)."""
        if value is None or self.accepts(value):
            return value
        try:
            typed = self.coerce(value)
        except (TypeError, ValueError):
            typed = _MISSING
        if typed is not _MISSING:
            return typed
        if not check:
            return value
        raise ApiTypeError(
            "Invalid type for `%s` in the server's data: expected %s, got %s (%r)"
            % (render_path(path), self.name, _type_name(value), value),
            path_to_item=list(path),
            valid_classes=(self.py_type,),
        )

    def read(self, f: "Field", inst: "Model", value: Any) -> Any:
        if type(value) is self.py_type or value is None:
            return value
        typed = self.convert(value, inst._check, inst._path + (f.name,))
        if typed is not value:
            inst._data[f.json] = typed
        return typed


def _to_str(value: Any) -> Any:
    # Servers send numbers where the spec says string (e.g. a bulk status of 201).
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return str(value)
    return _MISSING


def _to_int(value: Any) -> Any:
    if isinstance(value, str):
        return int(value.strip())
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return _MISSING


def _to_float(value: Any) -> Any:
    return float(value) if isinstance(value, str) else _MISSING


def _to_bool(value: Any) -> Any:
    if isinstance(value, str) and value.lower() in ("true", "false"):
        return value.lower() == "true"
    return _MISSING


class _DateTime(_Scalar):
    def __init__(self) -> None:
        super().__init__(datetime, "datetime", self._coerce)

    @staticmethod
    def _coerce(value: Any) -> Any:
        return _parse_datetime(value) if isinstance(value, str) else _MISSING

    def check(self, f: Optional["Field"], value: Any, path: Path, strict: bool) -> Any:
        if isinstance(value, str) and strict:
            try:
                _parse_datetime(value)
            except (TypeError, ValueError):
                raise ApiValueError(
                    "Invalid value for `%s`: expected an ISO 8601 date-time, got %r"
                    % (render_path(path), value),
                    path_to_item=list(path),
                ) from None
            return value
        return super().check(f, value, path, strict)


class _ModelKind(_Kind):
    def __init__(self, target: Any) -> None:
        self._target = target
        self.resolved: Optional[Type["Model"]] = target if isinstance(target, type) else None

    @property
    def target(self) -> Type["Model"]:
        if self.resolved is None:
            self.resolved = self._target = _resolve(self._target)
        return self.resolved

    @property
    def name(self) -> str:  # type: ignore[override]
        return self.target.__name__

    @property
    def doc_type(self) -> str:  # type: ignore[override]
        return self.target.__name__

    def check(self, f: Any, value: Any, path: Path, strict: bool) -> Any:
        target = self.target
        if value is None or isinstance(value, target):
            return value
        if isinstance(value, dict):
            return target(_check_type=strict, _path_to_item=path, **value)
        if isinstance(value, Model) and not strict:
            return value
        raise ApiTypeError(
            "Invalid type for `%s`: expected %s (or a dict of its attributes), got %s"
            % (render_path(path), target.__name__, _type_name(value)),
            path_to_item=list(path),
            valid_classes=(target,),
        )

    def read(self, f: "Field", inst: "Model", value: Any) -> Any:
        if type(value) is dict:
            target = self.resolved or self.target
            f.fast = target
            typed = target._wrap(value, inst._check, inst._path + (f.name,))
            inst._data[f.json] = typed
            return typed
        if value is None or isinstance(value, Model) or not inst._check:
            return value
        raise ApiTypeError(
            "Invalid type for `%s` in the server's data: expected an object, got %s"
            % (render_path(inst._path + (f.name,)), _type_name(value)),
            path_to_item=list(inst._path + (f.name,)),
        )


class TypedList(list):  # type: ignore[type-arg]
    """The value of a list attribute: items added later are checked and typed like the field's."""

    __slots__ = ("_item", "_path", "_check")
    _item: "_Kind"
    _path: Path
    _check: bool

    def _accept(self, value: Any, index: int) -> Any:
        return self._item.check(None, value, self._path + (index,), self._check)

    def append(self, value: Any) -> None:
        list.append(self, self._accept(value, len(self)))

    def insert(self, index: int, value: Any) -> None:  # type: ignore[override]
        list.insert(self, index, self._accept(value, index))

    def extend(self, values: Iterable[Any]) -> None:
        n = len(self)
        list.extend(self, [self._accept(v, n + i) for i, v in enumerate(values)])

    def __iadd__(self, values: Iterable[Any]) -> "TypedList":  # type: ignore[override, misc]
        self.extend(values)
        return self

    def __setitem__(self, index: Any, value: Any) -> None:
        if isinstance(index, slice):
            value = [self._accept(v, i) for i, v in enumerate(value)]
        else:
            value = self._accept(value, index)
        list.__setitem__(self, index, value)

    def __reduce__(self) -> Any:
        return (list, (list(self),))

    def __copy__(self) -> "TypedList":
        return _typed_list(self._item, list(self), self._path, self._check)

    def __deepcopy__(self, memo: Dict[int, Any]) -> "TypedList":
        return _typed_list(self._item, copy.deepcopy(list(self), memo), self._path, self._check)


def _typed_list(item: _Kind, values: List[Any], path: Path, check: bool) -> TypedList:
    out = TypedList(values)
    out._item = item
    out._path = path
    out._check = check
    return out


class _ListKind(_Kind):
    name = "list"

    def __init__(self, item: _Kind) -> None:
        self.item = item

    @property
    def doc_type(self) -> str:  # type: ignore[override]
        return "[%s]" % self.item.doc_type

    def check(self, f: Optional["Field"], value: Any, path: Path, strict: bool) -> Any:
        if value is None:
            return None
        if isinstance(value, (list, tuple)):
            item = self.item
            checked = [item.check(f, v, path + (i,), strict) for i, v in enumerate(value)]
            return _typed_list(item, checked, path, strict)
        if not strict:
            return value
        raise ApiTypeError(
            "Invalid type for `%s`: expected a list of %s, got %s"
            % (render_path(path), self.item.doc_type, _type_name(value)),
            path_to_item=list(path),
            valid_classes=(list,),
        )

    def read(self, f: "Field", inst: "Model", value: Any) -> Any:
        if not isinstance(value, list):
            if value is None or not inst._check:
                return value
            raise ApiTypeError(
                "Invalid type for `%s` in the server's data: expected a list, got %s"
                % (render_path(inst._path + (f.name,)), _type_name(value)),
                path_to_item=list(inst._path + (f.name,)),
            )
        item = self.item
        if isinstance(item, _ModelKind):
            # Typed in place: the list stays the one in _data, its dicts become models.
            wrap = None
            for i, v in enumerate(value):
                if type(v) is dict:
                    if wrap is None:
                        wrap = item.target
                        base = inst._path + (f.name,)
                    value[i] = wrap._wrap(v, inst._check, base + (i,))
                elif v is not None and not isinstance(v, Model) and inst._check:
                    raise ApiTypeError(
                        "Invalid type for `%s` in the server's data: expected an object, got %s"
                        % (render_path(inst._path + (f.name, i)), _type_name(v)),
                        path_to_item=list(inst._path + (f.name, i)),
                    )
        elif isinstance(item, _Scalar):
            for i, v in enumerate(value):
                if v is not None and type(v) is not item.py_type:
                    value[i] = item.convert(v, inst._check, inst._path + (f.name, i))
        typed = _typed_list(item, value, inst._path + (f.name,), inst._check)
        inst._data[f.json] = typed
        return typed


class _FreeForm(_Kind):
    """A JSON object of any attributes (``{str: any}`` in the spec)."""

    name = "dict"
    doc_type = "{str: (bool, date, datetime, dict, float, int, list, str, none_type)}"

    def check(self, f: Optional["Field"], value: Any, path: Path, strict: bool) -> Any:
        if value is None or isinstance(value, dict):
            return value
        if isinstance(value, Model):
            return to_json(value)
        if not strict:
            return value
        raise ApiTypeError(
            "Invalid type for `%s`: expected a dict (JSON object), got %s"
            % (render_path(path), _type_name(value)),
            path_to_item=list(path),
            valid_classes=(dict,),
        )

    def read(self, f: "Field", inst: "Model", value: Any) -> Any:
        if value is None or type(value) is dict or not inst._check:
            return value
        if isinstance(value, Model):
            return value
        raise ApiTypeError(
            "Invalid type for `%s` in the server's data: expected an object, got %s"
            % (render_path(inst._path + (f.name,)), _type_name(value)),
            path_to_item=list(inst._path + (f.name,)),
        )


_SCALARS: Dict[Any, _Kind] = {
    str: _Scalar(str, "str", _to_str),
    int: _Scalar(int, "int", _to_int),
    float: _Scalar(float, "float", _to_float),
    bool: _Scalar(bool, "bool", _to_bool),
    datetime: _DateTime(),
    Any: _Kind(),
    object: _Kind(),
}


def _kind_of(annotation: Any) -> _Kind:
    """Compile a field's annotation (``str``, ``list[Email]``, ``dict[str, Any]``...) to a kind."""
    if annotation in _SCALARS:
        return _SCALARS[annotation]
    if isinstance(annotation, (str, typing.ForwardRef)):
        return _ModelKind(annotation)
    if isinstance(annotation, type) and issubclass(annotation, Model):
        return _ModelKind(annotation)
    origin = typing.get_origin(annotation)
    args = typing.get_args(annotation)
    if origin in (list, List):
        return _ListKind(_kind_of(args[0]) if args else _SCALARS[Any])
    if origin in (dict, Dict) or annotation is dict:
        return _FreeForm()
    raise TypeError("pyscim models cannot declare a field of type %r" % (annotation,))


def _resolve(ref: Any) -> Type["Model"]:
    name = ref.__forward_arg__ if isinstance(ref, typing.ForwardRef) else ref
    cls = Model._registry.get(name)
    if cls is None:
        raise TypeError("Unknown model %r in a field declaration" % name)
    return cls


# --------------------------------------------------------------------------- fields


class _Never:
    """A type no stored value has: fields of this fast type always go through their kind."""


def _fast_type(kind: _Kind) -> type:
    if isinstance(kind, _Scalar):
        return kind.py_type
    if isinstance(kind, _ModelKind):
        return kind.resolved or _Never
    if isinstance(kind, _ListKind):
        return TypedList
    if isinstance(kind, _FreeForm):
        return dict
    return _Never


class _FieldSpec:
    __slots__ = ("json", "doc", "required", "default")

    def __init__(self, json_name: str, doc: str, required: bool, default: Any) -> None:
        self.json = json_name
        self.doc = doc
        self.required = required
        self.default = default


def field(json_name: str, doc: str = "", *, required: bool = False, default: Any = _MISSING) -> Any:
    """Declare a model field: its JSON name, a one-line doc, whether the spec requires it,
    and the value a model built by the caller gets when it is not given (e.g. ``schemas``).

    The Python name and the type come from the annotation it is assigned to.
    """
    return _FieldSpec(json_name, doc, required, default)


class Field:
    """A declared attribute of a model: a descriptor that types the JSON value on read."""

    __slots__ = ("name", "json", "doc", "required", "default", "annotation", "kind", "owner", "fast")

    def __init__(self, name: str, spec: _FieldSpec, annotation: Any, owner: type) -> None:
        self.name = name
        self.json = spec.json
        self.doc = spec.doc
        self.required = spec.required
        self.default = spec.default
        self.annotation = annotation
        self.kind = _kind_of(annotation)
        self.owner = owner
        #: The type a stored value has once typed: reading it then costs one dict lookup.
        self.fast: type = _fast_type(self.kind)

    def __repr__(self) -> str:
        return "<Field %s.%s (%r: %s)>" % (
            self.owner.__name__,
            self.name,
            self.json,
            self.kind.doc_type,
        )

    def __get__(self, inst: Optional["Model"], owner: Any = None) -> Any:
        if inst is None:
            return self
        try:
            value = inst._data[self.json]
        except KeyError:
            value = inst._get_folded(self)
        if type(value) is self.fast or value is None:
            return value
        return self.kind.read(self, inst, value)

    def __set__(self, inst: "Model", value: Any) -> None:
        inst._fold_keys()
        inst._data[self.json] = self.kind.check(self, value, inst._path + (self.name,), inst._check)

    def __delete__(self, inst: "Model") -> None:
        inst._fold_keys()
        inst._data.pop(self.json, None)


# --------------------------------------------------------------------------- models


def _own_annotations(cls: type) -> Dict[str, Any]:
    get = getattr(inspect, "get_annotations", None)  # Python >= 3.10, lazy annotations (3.14)
    return dict(get(cls)) if get else dict(cls.__dict__.get("__annotations__", {}))


class ModelMeta(type):
    """Collects a model's fields (its own and its bases', in allOf order) once per class."""

    def __new__(mcls, name: str, bases: Tuple[type, ...], ns: Dict[str, Any], **kw: Any) -> Any:
        ns.setdefault("__slots__", ())
        specs = {k: v for k, v in ns.items() if isinstance(v, _FieldSpec)}
        for k in specs:
            del ns[k]
        cls: Any = super().__new__(mcls, name, bases, ns, **kw)
        annotations = ns.get("__annotations__") or _own_annotations(cls)
        own = {}
        for attr, spec in specs.items():
            f = Field(attr, spec, annotations.get(attr, Any), cls)
            setattr(cls, attr, f)
            own[attr] = f
        fields: Dict[str, Field] = {}
        for base in bases:
            fields.update(getattr(base, "_fields", {}))
        fields.update(own)
        cls._fields = fields
        cls._by_json = {f.json: f for f in fields.values()}
        lookup: Dict[str, Field] = {}
        for f in fields.values():
            lookup[f.json.lower()] = f
        for f in fields.values():
            lookup[f.json] = f
            lookup[f.name] = f
        cls._lookup = lookup
        cls._required = tuple(f for f in fields.values() if f.required)
        cls._defaults = tuple(f for f in fields.values() if f.default is not _MISSING)
        cls.attribute_map = {f.name: f.json for f in fields.values()}
        cls.required_properties = frozenset(
            {"_data_store", "_check_type", "_spec_property_naming", "_path_to_item",
             "_configuration", "_visited_composed_classes"}
        )
        if name != "Model":
            Model._registry.setdefault(name, cls)
        return cls

    def _openapi_types(cls: Any) -> Dict[str, Tuple[Any, ...]]:
        """1.0.0's type table, ``{python name: (type,)}``, for code that introspects it."""
        out: Dict[str, Tuple[Any, ...]] = {}
        for f in cls._fields.values():
            k = f.kind
            if isinstance(k, _ListKind):
                item = k.item
                out[f.name] = ([item.target if isinstance(item, _ModelKind) else getattr(item, "py_type", object)],)
            elif isinstance(k, _ModelKind):
                out[f.name] = (k.target,)
            elif isinstance(k, _FreeForm):
                out[f.name] = ({str: (bool, date, datetime, dict, float, int, list, str, none_type)},)
            elif isinstance(k, _Scalar):
                out[f.name] = (k.py_type,)
            else:
                out[f.name] = (bool, date, datetime, dict, float, int, list, str, none_type)
        return out


class _OpenApiTypes:
    """``Model.openapi_types`` on the class and on instances, built when first asked for."""

    def __get__(self, inst: Any, owner: Any) -> Dict[str, Tuple[Any, ...]]:
        return owner._openapi_types()


class Model(metaclass=ModelMeta):
    """Base of every SCIM model: a typed view over one JSON object.

    Build one with Python names (``user_name=``) or JSON names (``userName=``, any case);
    required fields may also be given positionally, as in pyscim 1.0.0.
    """

    __slots__ = ("_data", "_check", "_path", "_folded")

    _registry: ClassVar[Dict[str, Type["Model"]]] = {}
    _fields: ClassVar[Dict[str, Field]]
    _by_json: ClassVar[Dict[str, Field]]
    _lookup: ClassVar[Dict[str, Field]]
    _required: ClassVar[Tuple[Field, ...]]
    _defaults: ClassVar[Tuple[Field, ...]]
    _one_of: ClassVar[Tuple[Type["Model"], ...]] = ()
    _schemas: ClassVar[Tuple[str, ...]] = ()
    attribute_map: ClassVar[Dict[str, str]]
    required_properties: ClassVar[frozenset]
    additional_properties_type = (bool, date, datetime, dict, float, int, list, str, none_type)
    allowed_values: ClassVar[Dict[Any, Any]] = {}
    read_only_vars: ClassVar[frozenset] = frozenset()  # 1.0.0 class attribute: no read-only fields
    validations: ClassVar[Dict[Any, Any]] = {}
    discriminator = None
    _nullable = False
    openapi_types = _OpenApiTypes()

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        strict = kwargs.pop("_check_type", True)
        path = tuple(kwargs.pop("_path_to_item", ()))
        for opt in ("_spec_property_naming", "_configuration", "_visited_composed_classes"):
            kwargs.pop(opt, None)
        cls = type(self)
        _set_data(self, {})
        _set_check(self, True)
        _set_path(self, path)
        _set_folded(self, True)
        if len(args) > len(cls._required):
            raise ApiTypeError(
                "Invalid positional arguments=%r passed to %s: it takes %s"
                % (args, cls.__name__,
                   ", ".join(f.name for f in cls._required) or "keyword arguments only"),
                path_to_item=list(path),
            )
        data = self._data
        for f in cls._defaults:  # first, so that the wire shows "schemas" first
            data[f.json] = copy.copy(f.default)
        given: Dict[str, Any] = {}
        for f, value in zip(cls._required, args):
            given[f.name] = value
            data[f.json] = f.kind.check(f, value, path + (f.name,), strict)
        lookup = cls._lookup
        for key, value in kwargs.items():
            found = lookup.get(key) or lookup.get(key.lower())
            if found is None:
                data[key] = value  # additionalProperties: kept as given
                continue
            f = found
            if f.name in given:
                raise ApiTypeError(
                    "%s got `%s` twice (as %r and %r)" % (cls.__name__, f.name, given[f.name], key),
                    path_to_item=list(path + (f.name,)),
                )
            given[f.name] = key
            data[f.json] = f.kind.check(f, value, path + (f.name,), strict)
        if strict:
            missing = [f.name for f in cls._required if f.name not in given]
            if missing:
                raise ApiTypeError(
                    "%s is missing required argument(s): %s"
                    % (cls.__name__, ", ".join("`%s`" % render_path(path + (m,)) for m in missing)),
                    path_to_item=list(path),
                )
        _set_check(self, strict)

    # -- construction from server data -------------------------------------------------

    @classmethod
    def _wrap(cls, data: Dict[str, Any], check: bool = True, path: Path = ()) -> "Model":
        """Wrap a JSON object as received (no copy, no walk); attributes are typed on read."""
        if cls._one_of:
            cls = cls._pick(data)
        self = _new(cls)
        _set_data(self, data)
        _set_check(self, check)
        _set_path(self, path)
        _set_folded(self, False)
        return self

    @classmethod
    def _pick(cls, data: Dict[str, Any]) -> Type["Model"]:
        """The oneOf member whose schema URN the object's ``schemas`` names, else ``cls``."""
        schemas = data.get("schemas")
        if isinstance(schemas, list):
            urns = {s.lower() for s in schemas if isinstance(s, str)}
            for candidate in cls._one_of:
                if any(s.lower() in urns for s in candidate._schemas):
                    return candidate
        return cls

    @classmethod
    def _from_openapi_data(cls, *args: Any, **kwargs: Any) -> "Model":
        """Build from server data (JSON attribute names), as 1.0.0's deserializer did."""
        kwargs.setdefault("_check_type", True)
        return cls(*args, **kwargs)

    @classmethod
    def _new_from_openapi_data(cls, *args: Any, **kwargs: Any) -> "Model":
        return cls._from_openapi_data(*args, **kwargs)

    # -- case-insensitive attribute names (RFC 7643 §2.1) --------------------------------

    def _fold_keys(self) -> None:
        """Rename keys that match a declared attribute only case-insensitively."""
        if self._folded:
            return
        _set_folded(self, True)
        data = self._data
        by_json = type(self)._by_json
        lookup = type(self)._lookup
        for key in [k for k in data if k not in by_json and isinstance(k, str)]:
            f = lookup.get(key.lower())
            if f is not None and f.json not in data:
                data[f.json] = data.pop(key)

    def _get_folded(self, f: Field) -> Any:
        if not self._folded:
            self._fold_keys()
            if f.json in self._data:
                return self._data[f.json]
        raise ApiAttributeError(
            "%s has no attribute `%s` set" % (type(self).__name__, render_path(self._path + (f.name,))),
            path_to_item=list(self._path + (f.name,)),
        )

    def _find(self, name: str) -> Tuple[Optional[Field], str]:
        """Resolve a Python name, a JSON name (any case) or an extra key to (field, key)."""
        cls = type(self)
        f = cls._lookup.get(name)
        if f is None and isinstance(name, str):
            f = cls._lookup.get(name.lower())
        if f is not None:
            return f, f.json
        self._fold_keys()
        if name in self._data:
            return None, name
        if isinstance(name, str):
            low = name.lower()
            for key in self._data:
                if isinstance(key, str) and key.lower() == low:
                    return None, key
        return None, name

    # -- attribute and item access ----------------------------------------------------

    def __getattr__(self, name: str) -> Any:
        # Only reached for names that are not fields: additional properties.
        if name.startswith("__") or name in Model.__slots__:
            raise AttributeError(name)
        f, key = self._find(name)
        if f is not None:
            return f.__get__(self)
        if key in self._data:
            return self._data[key]
        raise ApiAttributeError(
            "%s has no attribute `%s`" % (type(self).__name__, render_path(self._path + (name,))),
            path_to_item=list(self._path + (name,)),
        )

    def __setattr__(self, name: str, value: Any) -> None:
        if name in Model.__slots__:
            object.__setattr__(self, name, value)
            return
        f, key = self._find(name)
        if f is not None:
            f.__set__(self, value)
        else:
            self._data[key] = value

    def __delattr__(self, name: str) -> None:
        f, key = self._find(name)
        if f is not None:
            f.__delete__(self)
        elif key in self._data:
            del self._data[key]
        else:
            raise ApiAttributeError("%s has no attribute `%s`" % (type(self).__name__, name))

    def __getitem__(self, name: str) -> Any:
        return self.__getattr__(name)

    def __setitem__(self, name: str, value: Any) -> None:
        self.__setattr__(name, value)

    def __contains__(self, name: object) -> bool:
        if not isinstance(name, str):
            return False
        f, key = self._find(name)
        return key in self._data

    def get(self, name: str, default: Any = None) -> Any:
        """The attribute's typed value, or ``default`` when it is not set."""
        try:
            return self.__getattr__(name)
        except ApiAttributeError:
            return default

    def set_attribute(self, name: str, value: Any) -> None:
        """1.0.0's setter: the same as ``setattr(model, name, value)``, type-checked."""
        self.__setattr__(name, value)

    # -- views ------------------------------------------------------------------------

    def to_dict(self) -> Dict[str, Any]:
        """The model as a dict keyed by Python attribute names, nested models included."""
        self._fold_keys()
        out: Dict[str, Any] = {}
        by_json = type(self)._by_json
        for key in list(self._data):
            f = by_json.get(key)
            if f is None:
                out[key] = _plain(self._data[key])
            else:
                out[f.name] = _plain(f.__get__(self))
        return out

    def to_json(self) -> Dict[str, Any]:
        """The model as the JSON object sent on the wire (JSON names, ISO dates)."""
        return to_json(self)

    def to_str(self) -> str:
        return pprint.pformat(self.to_dict())

    def __repr__(self) -> str:
        return "%s(%s)" % (type(self).__name__, self.to_str())

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Model) or type(other) is not type(self):
            return NotImplemented
        # Typed values are compared: a date-time read (stored back as a datetime) or not
        # (still the server's string, e.g. with "Z") must not change the outcome.
        try:
            return self.to_dict() == other.to_dict()
        except ApiTypeError:  # server data that cannot be typed: compare it as sent
            return to_json(self._data) == to_json(other._data)

    def __ne__(self, other: object) -> bool:
        eq = self.__eq__(other)
        return eq if eq is NotImplemented else not eq

    __hash__ = None  # type: ignore[assignment]

    def __copy__(self) -> "Model":
        return type(self)._wrap_exact(dict(self._data), self._check, self._path, self._folded)

    def __deepcopy__(self, memo: Dict[int, Any]) -> "Model":
        return type(self)._wrap_exact(
            copy.deepcopy(self._data, memo), self._check, self._path, self._folded
        )

    def __reduce__(self) -> Any:
        return (_unpickle, (type(self), self._data, self._check, self._path))

    @classmethod
    def _wrap_exact(cls, data: Dict[str, Any], check: bool, path: Path, folded: bool) -> "Model":
        self = _new(cls)
        _set_data(self, data)
        _set_check(self, check)
        _set_path(self, path)
        _set_folded(self, folded)
        return self


_new = object.__new__
_set_data = Model._data.__set__  # type: ignore[attr-defined]
_set_check = Model._check.__set__  # type: ignore[attr-defined]
_set_path = Model._path.__set__  # type: ignore[attr-defined]
_set_folded = Model._folded.__set__  # type: ignore[attr-defined]


def allof_part(whole: Type[Model], name: str) -> Type[Model]:
    """1.0.0's ``<Model>AllOf`` class: the fields ``whole`` adds to its allOf base, as a model."""
    own = [f for f in whole._fields.values() if f.name in vars(whole)]
    ns: Dict[str, Any] = {
        "__module__": sys._getframe(1).f_globals.get("__name__", whole.__module__),
        "__doc__": "The part of %s's allOf that %s adds to its base." % (whole.__name__, whole.__name__),
        "__annotations__": {f.name: f.annotation for f in own},
    }
    for f in own:
        ns[f.name] = _FieldSpec(f.json, f.doc, f.required, f.default)
    return ModelMeta(name, (Model,), ns)  # type: ignore[no-any-return]


def _unpickle(cls: Type[Model], data: Dict[str, Any], check: bool, path: Path) -> Model:
    return cls._wrap_exact(data, check, path, False)


def _plain(value: Any) -> Any:
    """Models to dicts with Python names (for ``to_dict``); lists and dicts copied, so that
    the result shares nothing mutable with the model; everything else unchanged."""
    if isinstance(value, Model):
        return value.to_dict()
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    return value


# --------------------------------------------------------------------------- JSON


def _default(obj: Any) -> Any:
    if isinstance(obj, Model):
        return obj._data
    if isinstance(obj, datetime):
        return obj.isoformat()
    if isinstance(obj, date):
        return obj.isoformat()
    raise TypeError(obj)


def to_json(obj: Any) -> Any:
    """A JSON-compatible copy of ``obj``: models become their JSON objects, dates ISO strings."""
    if isinstance(obj, Model):
        obj = obj._data
    if isinstance(obj, dict):
        return {k: to_json(v) for k, v in obj.items()}
    if isinstance(obj, (list, tuple)):
        return [to_json(v) for v in obj]
    if isinstance(obj, (datetime, date)):
        return obj.isoformat()
    return obj


def model_to_dict(model_instance: Model, serialize: bool = True) -> Dict[str, Any]:
    """1.0.0's helper: the model as a dict keyed by JSON names (``serialize=True``) or,
    like :meth:`Model.to_dict`, by Python names; nested models become dicts, values stay typed."""
    if not serialize:
        return model_instance.to_dict()
    model_instance._fold_keys()
    by_json = type(model_instance)._by_json
    out: Dict[str, Any] = {}
    for key in list(model_instance._data):
        f = by_json.get(key)
        out[key] = _serialized(model_instance._data[key] if f is None else f.__get__(model_instance))
    return out


def _serialized(value: Any) -> Any:
    if isinstance(value, Model):
        return model_to_dict(value)
    if isinstance(value, list):
        return [_serialized(v) for v in value]
    if isinstance(value, dict):
        return {k: _serialized(v) for k, v in value.items()}
    return value


def _first_bad(obj: Any, path: Path) -> Optional[Tuple[Path, Any]]:
    """Where in ``obj`` a value is that JSON cannot carry (only walked after a failure)."""
    if isinstance(obj, Model):
        obj._fold_keys()
        by_json = type(obj)._by_json
        for k, v in obj._data.items():
            f = by_json.get(k)
            found = _first_bad(v, path + ((f.name if f else k),))
            if found:
                return found
        return None
    if isinstance(obj, dict):
        for k, v in obj.items():
            if not isinstance(k, str):
                return path + (repr(k),), k
            found = _first_bad(v, path + (k,))
            if found:
                return found
        return None
    if isinstance(obj, (list, tuple)):
        for i, v in enumerate(obj):
            found = _first_bad(v, path + (i,))
            if found:
                return found
        return None
    if obj is None or isinstance(obj, (str, int, bool, datetime, date)):
        return None
    if isinstance(obj, float):
        return None if obj == obj and obj not in (float("inf"), float("-inf")) else (path, obj)
    return path, obj


def first_unserializable(obj: Any) -> Optional[Tuple[Path, Any]]:
    """(path, value) of the first value in ``obj`` that JSON cannot carry, or None."""
    return _first_bad(obj, ())


def dumps(obj: Any, path: Path = ()) -> bytes:
    """Encode a request body as UTF-8 JSON; a value JSON cannot carry raises ApiTypeError naming it."""
    try:
        return json.dumps(
            obj, default=_default, ensure_ascii=False, separators=(",", ":"), allow_nan=False
        ).encode("utf-8")
    except (TypeError, ValueError) as exc:
        found = _first_bad(obj, path)
        if found is None:
            raise ApiValueError("Request body cannot be encoded as JSON: %s" % exc) from None
        where, value = found
        raise ApiTypeError(
            "Invalid value for `%s`: expected a JSON value (str, int, float, bool, None, "
            "list, dict, date, datetime or a model), got %s (%r)"
            % (render_path(where) or "body", _type_name(value), value),
            path_to_item=list(where),
        ) from None


# 1.0.0's names for the model base classes, for isinstance checks in user code.
OpenApiModel = Model
ModelNormal = Model
ModelComposed = Model
ModelSimple = Model
