"""The Service Client API wire format of Workspace Web Edition (seed 002, Outbound namespace).

Every response comes in an envelope: `{"request": "outbound.<method>", "data": ...,
"userAgent": "WWE Server", "protocolVersion": 2}`. `read_envelope` / `write_envelope` handle it
for all 17 methods; typed readers and writers turn the `data` of getListOfCallResults,
getCallResult, getChainedRecords and getRecordFields into domain values and back, and
`UpdateRecordFieldsRequest` reads the updateRecordFields request.

Readers take JSON text (str or bytes) or an already parsed object. With `lenient=True` text may
be console-dump notation (see `read_lenient`). Whatever is wrong with the input, they raise
`WireFormatError` and nothing else; the details say where (`path`, or `line` and `column`).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from enum import StrEnum
from typing import Any, Final

import attrs

from outbound_core.codes import CallResult
from outbound_core.errors import ErrorCode, InvalidValue, WireFormatError, shorten
from outbound_core.records import Chain
from outbound_core.records.fields import FieldSpec
from outbound_core.wire._fields import decode_field, encode_field
from outbound_core.wire._lenient import Name, read_call, read_lenient
from outbound_core.wire._records import decode_record, encode_record
from outbound_core.wire.json_text import load_json
from outbound_core.wire.user_data import flat

__all__ = [
    "PROTOCOL_VERSION",
    "USER_AGENT",
    "Envelope",
    "Method",
    "UpdateRecordFieldsRequest",
    "decode_record",
    "encode_record",
    "load_text",
    "read_call_result",
    "read_call_results",
    "read_chained_records",
    "read_envelope",
    "read_record_fields",
    "write_call_result",
    "write_call_results",
    "write_chained_records",
    "write_envelope",
    "write_record_fields",
]

#: The envelope's `userAgent` and `protocolVersion` in every seed 002 sample.
USER_AGENT: Final = "WWE Server"
PROTOCOL_VERSION: Final = 2
_NAMESPACE = "outbound."


class Method(StrEnum):
    """The 17 methods of the Service Client's Outbound namespace (seed 002)."""

    GET_CAMPAIGNS = "getCampaigns"
    GET_PREVIEW_RECORD = "getPreviewRecord"
    CALL_PREVIEW_RECORD = "callPreviewRecord"
    REJECT_PREVIEW_RECORD = "rejectPreviewRecord"
    CANCEL_PREVIEW_RECORD = "cancelPreviewRecord"
    START_DIRECT_PUSH_PREVIEW = "startDirectPushPreview"
    STOP_DIRECT_PUSH_PREVIEW = "stopDirectPushPreview"
    GET_LIST_OF_CALL_RESULTS = "getListOfCallResults"
    SET_CALL_RESULT = "setCallResult"
    GET_CALL_RESULT = "getCallResult"
    SET_DO_NOT_CALL = "setDoNotCall"
    REMOVE_DO_NOT_CALL = "removeDoNotCall"
    RESCHEDULE_RECORD = "rescheduleRecord"
    CANCEL_RESCHEDULE = "cancelReschedule"
    GET_CHAINED_RECORDS = "getChainedRecords"
    GET_RECORD_FIELDS = "getRecordFields"
    UPDATE_RECORD_FIELDS = "updateRecordFields"

    @property
    def request(self) -> str:
        """The envelope's `request` value, e.g. `outbound.getChainedRecords`."""
        return _NAMESPACE + self.value


def _fail(path: str, message: str, value: object = None) -> WireFormatError:
    return WireFormatError(f"{path}: {message}", path=path, value=shorten(value))


def load_text(source: str | bytes | bytearray, *, lenient: bool = False) -> Any:
    """Parse wire text: strict JSON, or console-dump notation with `lenient`.

    Raises:
        WireFormatError: with `line` and `column` of the problem (NaN, Infinity, numbers too
            large or too long, nesting too deep and bad UTF-8 included).
    """
    if lenient:
        return read_lenient(source)
    return load_json(source)


def _loaded(source: object, lenient: bool) -> Any:
    if isinstance(source, str | bytes | bytearray):
        try:
            return load_text(source, lenient=lenient)
        except WireFormatError as error:
            if lenient or not _console_dump(source):
                raise
            raise WireFormatError(
                f"{error.message}; the text is console-dump notation (unquoted keys, missing or "
                "trailing commas, as seed 002's samples), which lenient=True reads",
                **error.details,
                lenient_reads=True,
            ) from None
    return source


def _console_dump(source: str | bytes | bytearray) -> bool:
    """Whether text strict JSON refuses is console-dump notation the lenient reader reads."""
    try:
        read_lenient(source)
    except WireFormatError:
        return False
    return True


@attrs.define(frozen=True, slots=True)
class Envelope:
    """A Service Client response: the method it answers, its data, and the sender's identity."""

    method: Method
    data: Any
    user_agent: str = USER_AGENT
    protocol_version: int = PROTOCOL_VERSION

    @property
    def request(self) -> str:
        """The wire `request` value, e.g. `outbound.getCallResult`."""
        return self.method.request


def read_envelope(
    source: str | bytes | Mapping[str, Any], *, method: Method | None = None, lenient: bool = False
) -> Envelope:
    """Read a response envelope of any Outbound method; with `method`, insist on that one.

    Raises:
        WireFormatError: not an envelope, an unknown or unexpected method, or bad text.
    """
    raw = _loaded(source, lenient)
    if type(raw) is not dict:
        raise _fail("$", f"an envelope is an object, not {type(raw).__name__}", raw)
    unknown = set(raw) - {"request", "data", "userAgent", "protocolVersion"}
    if unknown:
        shown = shorten(sorted(map(shorten, unknown)), 200)
        raise _fail("$", f"unknown envelope keys {shown}", shown)
    missing = [key for key in ("request", "data", "userAgent", "protocolVersion") if key not in raw]
    if missing:
        raise _fail("$", f"the envelope lacks {', '.join(missing)}", raw)
    request = raw["request"]
    name = request[len(_NAMESPACE) :] if isinstance(request, str) else None
    if (
        not isinstance(request, str)
        or not request.startswith(_NAMESPACE)
        or name not in Method._value2member_map_
    ):
        raise _fail("$.request", "not an Outbound method (outbound.<method>)", request)
    found = Method(str(name))
    if method is not None and found is not method:
        raise _fail("$.request", f"expected {method.request}, got {request}", request)
    if type(raw["userAgent"]) is not str:
        raise _fail("$.userAgent", "expected a string", raw["userAgent"])
    version = raw["protocolVersion"]
    if type(version) is not int or not 0 <= version < 2**31:
        raise _fail("$.protocolVersion", "expected a non-negative int", version)
    return Envelope(found, raw["data"], raw["userAgent"], version)


def write_envelope(envelope: Envelope) -> dict[str, Any]:
    """The envelope as the wire object, keys in the seed's order."""
    return {
        "request": envelope.request,
        "data": envelope.data,
        "userAgent": envelope.user_agent,
        "protocolVersion": envelope.protocol_version,
    }


def _wrap(method: Method, data: Any, user_agent: str, protocol_version: int) -> dict[str, Any]:
    return write_envelope(Envelope(method, data, user_agent, protocol_version))


def read_call_results(
    source: str | bytes | Mapping[str, Any], *, lenient: bool = False
) -> dict[str, CallResult]:
    """Read getListOfCallResults: the offered call results by their wire name, in order.

    Raises:
        WireFormatError: a value that is not a call result number, or a bad envelope.
    """
    data = read_envelope(source, method=Method.GET_LIST_OF_CALL_RESULTS, lenient=lenient).data
    if type(data) is not dict:
        raise _fail("$.data", "expected an object of name: number", data)
    results: dict[str, CallResult] = {}
    for name, number in data.items():
        if type(number) is not int or number not in CallResult._value2member_map_:
            raise _fail(f"$.data.{shorten(name, 40)}", "not a call result number (0 to 53)", number)
        results[name] = CallResult(number)
    return results


def write_call_results(
    results: Mapping[str, CallResult] | Iterable[CallResult],
    *,
    user_agent: str = USER_AGENT,
    protocol_version: int = PROTOCOL_VERSION,
) -> dict[str, Any]:
    """The getListOfCallResults envelope; call results without names are named by member name."""
    if not isinstance(results, Mapping | Iterable) or isinstance(results, str | bytes):
        raise InvalidValue(
            f"call results are a mapping of name to call result or a sequence of call results, "
            f"not {type(results).__name__}",
            code=ErrorCode.WRONG_TYPE,
            value=shorten(results),
        )
    pairs = (
        results.items()
        if isinstance(results, Mapping)
        else ((CallResult.parse(r).name, r) for r in results)
    )
    data = {str(name): int(CallResult.parse(result)) for name, result in pairs}
    return _wrap(Method.GET_LIST_OF_CALL_RESULTS, data, user_agent, protocol_version)


def read_call_result(
    source: str | bytes | Mapping[str, Any], *, lenient: bool = False
) -> CallResult | None:
    """Read getCallResult: the call result set on the record, or None when none is set (null).

    Raises:
        WireFormatError: not a call result number, or a bad envelope.
    """
    data = read_envelope(source, method=Method.GET_CALL_RESULT, lenient=lenient).data
    if data is None:
        return None
    if type(data) is not int or data not in CallResult._value2member_map_:
        raise _fail("$.data", "not a call result number (0 to 53)", data)
    return CallResult(data)


def write_call_result(
    result: CallResult | None,
    *,
    user_agent: str = USER_AGENT,
    protocol_version: int = PROTOCOL_VERSION,
) -> dict[str, Any]:
    """The getCallResult envelope (data null when no result is set)."""
    data = None if result is None else int(CallResult.parse(result))
    return _wrap(Method.GET_CALL_RESULT, data, user_agent, protocol_version)


def read_chained_records(
    source: str | bytes | Mapping[str, Any], *, lenient: bool = False
) -> tuple[Chain, ...]:
    """Read getChainedRecords: one `Chain` per `{"records": [...]}` entry of `data`.

    Raises:
        WireFormatError: a bad record, records of different chains in one entry, repeated
            handles, an empty chain, unknown entry keys, or a bad envelope.
    """
    data = read_envelope(source, method=Method.GET_CHAINED_RECORDS, lenient=lenient).data
    if type(data) is not list:
        raise _fail("$.data", "expected a list of chains", data)
    chains: list[Chain] = []
    for index, entry in enumerate(data):
        if type(entry) is not dict or len(entry) != 1 or "records" not in entry:
            raise _fail(f"$.data[{index}]", 'a chain entry is exactly {"records": [...]}', entry)
        path = f"$.data[{index}]"
        raw_records = entry["records"]
        if type(raw_records) is not list:
            raise _fail(f"{path}.records", "expected a list of records", raw_records)
        try:
            records = [decode_record(raw) for raw in raw_records]
        except WireFormatError:
            # Decode again with each record's path, only to name where the problem is.
            for n, raw in enumerate(raw_records):
                decode_record(raw, f"{path}.records[{n}]")
            raise
        try:
            chains.append(Chain(tuple(records)))
        except InvalidValue as error:
            raise _fail(f"{path}.records", error.message) from None
    return tuple(chains)


def write_chained_records(
    chains: Iterable[Chain],
    *,
    user_agent: str = USER_AGENT,
    protocol_version: int = PROTOCOL_VERSION,
) -> dict[str, Any]:
    """The getChainedRecords envelope for these chains, records in chain order."""
    data = [{"records": [encode_record(record) for record in chain]} for chain in chains]
    return _wrap(Method.GET_CHAINED_RECORDS, data, user_agent, protocol_version)


def read_record_fields(
    source: str | bytes | Mapping[str, Any] | list[Any], *, lenient: bool = False
) -> tuple[FieldSpec, ...]:
    """Read getRecordFields (the envelope, or a bare list of Field objects) into field specs.

    Accepts the seed's `type` key for `fieldType` (both present must agree) and enum options
    as a map of key to label, keys typed per the value type.

    Raises:
        WireFormatError: a bad Field, a name given twice, or a bad envelope.
    """
    raw = _loaded(source, lenient)
    if type(raw) is list:
        fields, base = raw, "$"
    else:
        fields, base = read_envelope(raw, method=Method.GET_RECORD_FIELDS).data, "$.data"
        if type(fields) is not list:
            raise _fail(base, "expected a list of fields", fields)
    specs = tuple(decode_field(item, f"{base}[{n}]") for n, item in enumerate(fields))
    seen: set[str] = set()
    for n, spec in enumerate(specs):
        if spec.name in seen:
            raise _fail(f"{base}[{n}].name", f"the field {spec.name} is listed twice", spec.name)
        seen.add(spec.name)
    return specs


def write_record_fields(
    specs: Iterable[FieldSpec],
    *,
    user_agent: str = USER_AGENT,
    protocol_version: int = PROTOCOL_VERSION,
) -> dict[str, Any]:
    """The getRecordFields envelope for these field specs (always with the `fieldType` key)."""
    data = [encode_field(spec) for spec in specs]
    return _wrap(Method.GET_RECORD_FIELDS, data, user_agent, protocol_version)


_UPDATE_CALLEE = "genesys.wwe.service.outbound.updateRecordFields"


@attrs.define(frozen=True, slots=True)
class UpdateRecordFieldsRequest:
    """An updateRecordFields request: the interaction and the field values to set [`recordData`]."""

    interaction_id: str
    record_data: dict[str, Any]

    @classmethod
    def read(cls, source: str | bytes | Mapping[str, Any]) -> UpdateRecordFieldsRequest:
        """Read the request from a JavaScript call as seed 002 writes it, or from `to_dict`'s object.

        Raises:
            WireFormatError: not such a call or object, a non-string interaction id, or
                record data that is not an object.
        """
        if isinstance(source, str | bytes | bytearray):
            text = source.decode("utf-8", "replace") if not isinstance(source, str) else source
            if not text.lstrip().startswith("{"):
                return cls._from_call(source)
            source = load_text(source, lenient=True)
        if type(source) is not dict or set(source) != {"interactionId", "recordData"}:
            raise _fail("$", 'expected {"interactionId": ..., "recordData": {...}}', source)
        return cls._checked(source["interactionId"], source["recordData"])

    @classmethod
    def _from_call(cls, text: str | bytes) -> UpdateRecordFieldsRequest:
        callee, arguments = read_call(text)
        if callee.rsplit(".", 1)[-1] != "updateRecordFields":
            raise _fail(
                "$", f"expected a call of updateRecordFields, not {shorten(callee, 80)}", callee
            )
        if len(arguments) not in (2, 3, 4) or not all(isinstance(a, Name) for a in arguments[2:]):
            raise _fail("$", "expected (interactionId, recordData[, succeeded, failed])", arguments)
        return cls._checked(arguments[0], arguments[1])

    @classmethod
    def _checked(cls, interaction_id: object, record_data: object) -> UpdateRecordFieldsRequest:
        if type(interaction_id) is not str or not interaction_id:
            raise _fail("$.interactionId", "expected a non-empty string", interaction_id)
        record_data = flat(record_data, "$.recordData")
        if type(record_data) is not dict:
            raise _fail("$.recordData", "expected an object of field: value", record_data)
        return cls(interaction_id, dict(record_data))

    def to_dict(self) -> dict[str, Any]:
        """The request as plain data: `{"interactionId": ..., "recordData": {...}}`."""
        return {"interactionId": self.interaction_id, "recordData": dict(self.record_data)}

    def to_call(self) -> str:
        """The request as the JavaScript call a Service Client integrator writes."""
        data = json.dumps(self.record_data, ensure_ascii=False)
        return f"{_UPDATE_CALLEE}({json.dumps(self.interaction_id)}, {data}, succeeded, failed)"
