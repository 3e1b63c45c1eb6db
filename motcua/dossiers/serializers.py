"""API shapes of dossiers. Input serializers only parse; the rules are in services/."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from motcua.catalogue.models import Channel
from motcua.dossiers.models import (
    APPLICANT_DETAILS,
    Apology,
    ApplicantKind,
    Dossier,
    DossierStep,
    Event,
    ReceivedDocument,
    ReturnMethod,
)
from motcua.dossiers.services.intake import Applicant, DocumentLine, Intake
from motcua.dossiers.workflow import Action, Status
from motcua.worktime.units import DurationUnit

# --- input ----------------------------------------------------------------------------


class ApplicantInput(serializers.Serializer):
    kind = serializers.ChoiceField(ApplicantKind.choices, default=ApplicantKind.PERSON)
    name = serializers.CharField(max_length=255)
    id_number = serializers.CharField(
        max_length=12, required=False, allow_blank=True, help_text="12-digit citizen ID (CCCD)."
    )
    birth_date = serializers.DateField(required=False, allow_null=True)
    tax_code = serializers.CharField(max_length=14, required=False, allow_blank=True)
    phone = serializers.CharField(max_length=20, required=False, allow_blank=True)
    email = serializers.EmailField(required=False, allow_blank=True)
    address = serializers.CharField(max_length=500, required=False, allow_blank=True)
    representative_name = serializers.CharField(max_length=255, required=False, allow_blank=True)
    representative_id_number = serializers.CharField(
        max_length=12, required=False, allow_blank=True
    )
    representative_phone = serializers.CharField(max_length=20, required=False, allow_blank=True)


class DocumentInput(serializers.Serializer):
    required = serializers.IntegerField(
        required=False,
        allow_null=True,
        min_value=1,
        help_text="Id of a required document of the procedure version (see /procedures/).",
    )
    name = serializers.CharField(required=False, allow_blank=True, max_length=2000)
    originals = serializers.IntegerField(default=0, min_value=0, max_value=99)
    copies = serializers.IntegerField(default=0, min_value=0, max_value=99)
    note = serializers.CharField(required=False, allow_blank=True, max_length=500)

    @staticmethod
    def to_line(data: dict) -> DocumentLine:
        return DocumentLine(
            required=data.get("required"),
            name=data.get("name", ""),
            originals=data.get("originals", 0),
            copies=data.get("copies", 0),
            note=data.get("note", ""),
        )


CREATE_OUTCOMES = ("receive", "request_completion", "refuse", "draft", "submit")


class IntakeInput(serializers.Serializer):
    """What the applicant or the desk gives about a dossier (services.intake.Intake)."""

    procedure = serializers.CharField(max_length=20, help_text="National procedure code.")
    agency = serializers.CharField(max_length=40, help_text="Competent agency's code.")
    desk = serializers.CharField(
        max_length=40,
        required=False,
        allow_blank=True,
        help_text="Receiving desk's code (default: the agency's one-stop desk).",
    )
    channel = serializers.ChoiceField(Channel.choices)
    applicant = ApplicantInput()
    documents = DocumentInput(many=True, required=False)
    sets = serializers.IntegerField(default=1, min_value=1, max_value=99)
    return_method = serializers.ChoiceField(ReturnMethod.choices, default=ReturnMethod.COUNTER)
    return_address = serializers.CharField(max_length=500, required=False, allow_blank=True)
    summary = serializers.CharField(max_length=1000, required=False, allow_blank=True)
    time_amount = serializers.DecimalField(
        max_digits=7,
        decimal_places=2,
        required=False,
        allow_null=True,
        min_value=0,
        help_text="Only when the catalogue gives the procedure no processing time.",
    )
    time_unit = serializers.ChoiceField(DurationUnit.choices, required=False, allow_blank=True)

    def to_intake(self) -> Intake:
        data = self.validated_data
        return Intake(
            procedure=data["procedure"],
            agency=data["agency"],
            desk=data.get("desk", ""),
            channel=data["channel"],
            applicant=Applicant(**data["applicant"]),
            documents=[DocumentInput.to_line(d) for d in data.get("documents", [])],
            sets=data["sets"],
            return_method=data["return_method"],
            return_address=data.get("return_address", ""),
            summary=data.get("summary", ""),
            time_amount=data.get("time_amount"),
            time_unit=data.get("time_unit", ""),
        )


class DossierCreateInput(IntakeInput):
    outcome = serializers.ChoiceField(
        [(o, o) for o in CREATE_OUTCOMES],
        help_text="Staff at the desk (counter, post): receive, request_completion (form 02) "
        "or refuse (form 03). Applicants online: draft or submit.",
    )
    reason = serializers.CharField(required=False, allow_blank=True, max_length=4000)
    missing = serializers.ListField(
        child=serializers.CharField(max_length=1000),
        required=False,
        help_text="Everything missing, for request_completion.",
    )


class DraftInput(IntakeInput):
    """The whole draft again (edit_draft): procedure and channel cannot change."""

    expected_version = serializers.IntegerField(
        required=False,
        min_value=0,
        help_text="The `version` you read; 409 if the dossier changed since (also If-Match).",
    )


class ConsultInput(serializers.Serializer):
    agency = serializers.CharField(max_length=40)
    task = serializers.CharField(max_length=255, required=False, allow_blank=True)
    amount = serializers.DecimalField(max_digits=7, decimal_places=2, min_value=0)
    unit = serializers.ChoiceField(DurationUnit.choices, default=DurationUnit.WORKING_DAYS)


class ActionInput(serializers.Serializer):
    """Every action takes `reason` and `expected_version`; the rest depends on the action."""

    reason = serializers.CharField(required=False, allow_blank=True, max_length=4000)
    expected_version = serializers.IntegerField(
        required=False,
        min_value=0,
        help_text="The `version` you read; 409 if the dossier changed since (also If-Match).",
    )
    step = serializers.IntegerField(required=False, min_value=1, help_text="Active step id.")
    assignee = serializers.CharField(required=False, max_length=150, help_text="assign")
    to_stage = serializers.IntegerField(required=False, min_value=1, help_text="send_back")
    mode = serializers.ChoiceField(
        [("parallel", "parallel"), ("sequential", "sequential")],
        required=False,
        help_text="consult",
    )
    agencies = ConsultInput(many=True, required=False, help_text="consult")
    agency = serializers.CharField(required=False, max_length=40, help_text="hand_over")
    amount = serializers.DecimalField(
        max_digits=7, decimal_places=2, required=False, min_value=0, help_text="hand_over"
    )
    unit = serializers.ChoiceField(DurationUnit.choices, required=False)
    missing = serializers.ListField(
        child=serializers.CharField(max_length=1000),
        required=False,
        help_text="request_supplement, request_completion: everything missing at once.",
    )
    documents = DocumentInput(many=True, required=False, help_text="receive_supplement")
    amount_vnd = serializers.IntegerField(
        required=False, min_value=1, max_value=10**13, help_text="request_fee, record_fee"
    )
    description = serializers.CharField(required=False, allow_blank=True, max_length=1000)
    method = serializers.ChoiceField(
        [("counter", "counter"), ("post", "post"), ("online", "online")],
        required=False,
        help_text="record_fee, return",
    )
    receipt = serializers.CharField(required=False, allow_blank=True, max_length=100)
    new_due_at = serializers.DateTimeField(required=False, help_text="propose_apology")
    extend_by = serializers.DecimalField(
        max_digits=7,
        decimal_places=2,
        required=False,
        min_value=0,
        help_text="propose_apology, with unit (instead of new_due_at)",
    )
    result = serializers.CharField(required=False, allow_blank=True, max_length=4000)
    result_number = serializers.CharField(required=False, allow_blank=True, max_length=100)
    time_amount = serializers.DecimalField(
        max_digits=7,
        decimal_places=2,
        required=False,
        min_value=0,
        help_text="accept: the processing time, only when the catalogue gives none.",
    )
    time_unit = serializers.ChoiceField(DurationUnit.choices, required=False)
    note = serializers.CharField(required=False, allow_blank=True, max_length=4000)

    def payload(self) -> dict:
        data = dict(self.validated_data)
        data.pop("reason", None)
        data.pop("expected_version", None)
        if "documents" in data:
            data["documents"] = [DocumentInput.to_line(d) for d in data["documents"]]
        if "agencies" in data:
            data["agencies"] = [dict(a) for a in data["agencies"]]
        return data


# --- output ---------------------------------------------------------------------------


class StepSerializer(serializers.ModelSerializer):
    agency = serializers.SlugRelatedField(slug_field="code", read_only=True)
    agency_name = serializers.CharField(source="agency.name", read_only=True)
    assignee = serializers.SlugRelatedField(slug_field="username", read_only=True)

    class Meta:
        model = DossierStep
        fields = [
            "id",
            "stage",
            "order",
            "kind",
            "parent",
            "name",
            "agency",
            "agency_name",
            "role",
            "status",
            "assignee",
            "started_at",
            "due_at",
            "finished_at",
            "timeliness",
            "note",
        ]


class ReceivedDocumentSerializer(serializers.ModelSerializer):
    class Meta:
        model = ReceivedDocument
        fields = ["id", "required", "name", "originals", "copies", "note"]


class ApologySerializer(serializers.ModelSerializer):
    class Meta:
        model = Apology
        fields = [
            "id",
            "status",
            "reason",
            "previous_due_at",
            "new_due_at",
            "proposed_at",
            "decided_at",
        ]


class DossierSummarySerializer(serializers.ModelSerializer):
    key = serializers.CharField(read_only=True, help_text="Code, or uid while a draft.")
    version = serializers.IntegerField(source="row_version", read_only=True)
    desk = serializers.SlugRelatedField(slug_field="code", read_only=True)
    agency = serializers.SlugRelatedField(slug_field="code", read_only=True)
    procedure = serializers.SlugRelatedField(slug_field="code", read_only=True)
    procedure_name = serializers.CharField(source="procedure_version.name", read_only=True)
    deadline_state = serializers.SerializerMethodField()

    class Meta:
        model = Dossier
        fields = [
            "key",
            "code",
            "uid",
            "version",
            "status",
            "national_status",
            "outcome",
            "timeliness",
            "deadline_state",
            "channel",
            "regime",
            "desk",
            "agency",
            "procedure",
            "procedure_name",
            "applicant_name",
            "received_at",
            "due_at",
            "finished_at",
            "returned_at",
            "interlinked",
        ]

    @extend_schema_field(serializers.ChoiceField(["within", "overdue", ""]))
    def get_deadline_state(self, dossier: Dossier) -> str:
        from motcua.dossiers.services.queries import deadline_state

        return deadline_state(dossier, self.context.get("now"))


class DossierDetailSerializer(DossierSummarySerializer):
    steps = StepSerializer(many=True, read_only=True)
    documents = ReceivedDocumentSerializer(many=True, read_only=True)
    apologies = ApologySerializer(many=True, read_only=True)
    allowed_actions = serializers.SerializerMethodField()
    procedure_version = serializers.IntegerField(source="procedure_version.number", read_only=True)
    process_version = serializers.IntegerField(
        source="process.number", read_only=True, allow_null=True
    )

    class Meta(DossierSummarySerializer.Meta):
        fields = [
            *DossierSummarySerializer.Meta.fields,
            "secret",
            "summary",
            "procedure_version",
            "process_version",
            "time_amount",
            "time_unit",
            *APPLICANT_DETAILS,
            "sets",
            "return_method",
            "return_address",
            "created_at",
            "submitted_at",
            "clock_started_at",
            "transferred_at",
            "original_due_at",
            "paused_since",
            "closed_at",
            "supplement_count",
            "apology_count",
            "fee_amount_vnd",
            "fee_paid_vnd",
            "fee_paid_at",
            "fee_method",
            "result_summary",
            "result_number",
            "steps",
            "documents",
            "apologies",
            "allowed_actions",
        ]

    @extend_schema_field(serializers.ListField(child=serializers.ChoiceField(Action.choices)))
    def get_allowed_actions(self, dossier: Dossier) -> list[str]:
        from motcua.dossiers.services.queries import allowed_actions

        request = self.context.get("request")
        return [a.value for a in allowed_actions(request.user if request else None, dossier)]


class EventSerializer(serializers.ModelSerializer):
    actor = serializers.CharField(source="actor_name", read_only=True)
    agency = serializers.SlugRelatedField(slug_field="code", read_only=True)

    class Meta:
        model = Event
        fields = [
            "seq",
            "at",
            "actor",
            "role",
            "agency",
            "action",
            "status_before",
            "status_after",
            "national_status",
            "reason",
            "step",
            "step_due_at",
            "due_at",
            "form",
            "data",
        ]


class LookupInput(serializers.Serializer):
    code = serializers.CharField(max_length=40)
    secret = serializers.CharField(max_length=16)


class PublicStepSerializer(serializers.Serializer):
    name = serializers.CharField()
    agency = serializers.CharField()
    status = serializers.CharField()
    due_at = serializers.DateTimeField(allow_null=True)
    finished_at = serializers.DateTimeField(allow_null=True)


class LookupSerializer(serializers.Serializer):
    """What anyone holding the receipt may see: no personal data."""

    code = serializers.CharField()
    procedure = serializers.CharField()
    procedure_name = serializers.CharField()
    agency = serializers.CharField()
    status = serializers.ChoiceField(Status.choices)
    status_label = serializers.CharField()
    national_status = serializers.IntegerField(allow_null=True)
    received_at = serializers.DateTimeField(allow_null=True)
    due_at = serializers.DateTimeField(allow_null=True)
    finished_at = serializers.DateTimeField(allow_null=True)
    returned_at = serializers.DateTimeField(allow_null=True)
    steps = PublicStepSerializer(many=True)
