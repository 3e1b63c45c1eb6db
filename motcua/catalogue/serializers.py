"""Read-only API representations of the catalogue."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

from rest_framework import serializers

from motcua.catalogue.models import Fee, Field, ProcedureVersion, ProcessingTime, RequiredDocument
from motcua.catalogue.services import vocab

SCHEMA_FILE = Path(__file__).with_name("catalogue.schema.json")


@cache
def records_schema() -> dict[str, Any]:
    """catalogue.schema.json with its $refs inlined, usable inside the OpenAPI document."""
    schema = json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))
    definitions = schema["$defs"]

    def inline(node: Any) -> Any:
        """Resolve $refs and rewrite JSON Schema nulls as OpenAPI 3.0 `nullable`."""
        if isinstance(node, list):
            return [inline(item) for item in node]
        if not isinstance(node, dict):
            return node
        if "$ref" in node:
            return inline(definitions[node["$ref"].rsplit("/", 1)[1]])
        out = {k: inline(v) for k, v in node.items() if k not in ("if", "then", "else")}
        if isinstance(out.get("type"), list):
            types = [t for t in out["type"] if t != "null"]
            out["type"] = types[0]
            out["nullable"] = len(types) < len(node["type"]) or None
        if "enum" in out and None in out["enum"]:
            out["enum"] = [value for value in out["enum"] if value is not None]
            out["nullable"] = True
        return {k: v for k, v in out.items() if v is not None}

    return {"type": "array", "items": inline(definitions["record"])}


class FieldSerializer(serializers.ModelSerializer):
    class Meta:
        model = Field
        fields = ["id", "name", "code"]


class ProcessingTimeSerializer(serializers.ModelSerializer):
    channel_label = serializers.CharField(source="get_channel_display")

    class Meta:
        model = ProcessingTime
        fields = ["channel", "channel_label", "amount", "unit", "text", "note", "disputed"]


class FeeSerializer(serializers.ModelSerializer):
    channel_label = serializers.CharField(source="get_channel_display")

    class Meta:
        model = Fee
        fields = ["channel", "channel_label", "amount_vnd", "description", "disputed"]


class DocumentSerializer(serializers.ModelSerializer):
    template_url = serializers.SerializerMethodField()

    class Meta:
        model = RequiredDocument
        fields = [
            "position",
            "group",
            "name",
            "originals",
            "copies",
            "template_name",
            "template_url",
        ]

    def get_template_url(self, obj: RequiredDocument) -> str | None:
        if not obj.template_file:
            return None
        request = self.context.get("request")
        url = obj.template_file.url
        return request.build_absolute_uri(url) if request else url


class VersionSummarySerializer(serializers.ModelSerializer):
    code = serializers.CharField(source="procedure.code")
    field = serializers.CharField(source="field.name")
    levels = serializers.SerializerMethodField()
    decision = serializers.CharField(source="decision.number", default=None)

    class Meta:
        model = ProcedureVersion
        fields = [
            "code",
            "number",
            "name",
            "field",
            "levels",
            "decision",
            "change_kind",
            "valid_from",
            "valid_to",
            "online_level",
        ]

    def get_levels(self, obj: ProcedureVersion) -> list[str]:
        return [key for key, flag in vocab.LEVEL_KEYS.items() if getattr(obj, flag)]


class VersionDetailSerializer(VersionSummarySerializer):
    processing_times = ProcessingTimeSerializer(many=True)
    fees = FeeSerializer(many=True)
    documents = DocumentSerializer(many=True)
    legal_basis = serializers.JSONField()
    applicants = serializers.JSONField()
    agencies = serializers.JSONField()

    class Meta(VersionSummarySerializer.Meta):
        fields = [
            *VersionSummarySerializer.Meta.fields,
            "procedure_type",
            "steps",
            "applicants",
            "result",
            "requirements",
            "legal_basis",
            "agencies",
            "processing_times",
            "fees",
            "documents",
        ]


class ImportErrorSerializer(serializers.Serializer):
    index = serializers.IntegerField()
    row = serializers.IntegerField(allow_null=True)
    code = serializers.CharField()
    messages = serializers.ListField(child=serializers.CharField())


class ImportReportSerializer(serializers.Serializer):
    created = serializers.ListField(child=serializers.CharField())
    amended = serializers.ListField(child=serializers.CharField())
    abolished = serializers.ListField(child=serializers.CharField())
    unchanged = serializers.ListField(child=serializers.CharField())
    errors = ImportErrorSerializer(many=True)
    summary = serializers.CharField()
