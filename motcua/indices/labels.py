"""Readable names of the inputs the indices return (pages and the command show them next
to each value; the API returns the keys)."""

from django.utils.translation import gettext_lazy as _

INPUT_LABELS = {
    "dossiers_scored": _("dossiers scored"),
    "sum_of_scores": _("sum of scores"),
    "dossiers_resolved": _("dossiers resolved"),
    "early": _("early"),
    "on_time": _("on time"),
    "late": _("late"),
    "apologised": _("with an apology (new appointment)"),
    "dossiers_with_conduct_report": _("dossiers with a report on conduct"),
    "feedback_received": _("feedback received"),
    "feedback_answered": _("feedback answered"),
    "procedures_handled": _("procedures handled"),
    "procedures_online": _("procedures offered online"),
    "procedures_online_share": _("share of procedures online"),
    "dossiers_received": _("dossiers received"),
    "dossiers_online": _("dossiers received online"),
    "dossiers_online_share": _("share of dossiers online"),
    "online_resolved_late": _("online dossiers resolved late"),
    "online_overdue_at_end": _("online dossiers overdue at the period end"),
    "early_or_on_time": _("early or on time"),
    "on_time_but_second_supplement": _("in time but with a second supplement request"),
    "fees_paid": _("dossiers whose fees were paid"),
    "fees_paid_online": _("fees paid online"),
    "ratings": _("ratings given"),
    "best_possible_sum": _("best possible sum"),
    "with_digitised_document": _("with a digitised document"),
    "with_electronic_result": _("with an electronic result"),
}


def labelled(inputs: dict) -> list[tuple[str, object]]:
    return [(str(INPUT_LABELS.get(key, key)), value) for key, value in inputs.items()]
