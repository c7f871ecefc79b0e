"""Forms of the workspace. They validate through the models' fields and ``clean()`` — the
rules the admin and the survey import use — and only add what a page needs: choices
limited to the user's area, masked personal data, and the version a page was read at.
"""

from __future__ import annotations

import copy
from typing import Any

from django import forms
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.html import format_html

from laborers import choices
from laborers.models import EmploymentEpisode, Household, Laborer, Program, Service, Village
from laborers.search import id_number_holder_logged
from xiushan_jobs.lib.clock import today
from xiushan_jobs.lib.idnumber import mask_id_number
from xiushan_jobs.lib.phone import mask_phone
from xiushan_jobs.lib.roles import Role
from xiushan_jobs.lib.scope import role_of


def _date_input() -> forms.DateInput:
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class VersionedModelForm(forms.ModelForm):
    """Carries the record's version and its newest history row as the page showed them, so
    that a save on top of someone else's change is refused (``laborers.services``)."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    seen_history = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=0)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        versioned = any(f.name == "version" for f in self._meta.model._meta.concrete_fields)
        if not self.instance.pk:
            del self.fields["version"]
            del self.fields["seen_history"]
            return
        if not versioned:
            del self.fields["version"]  # the history check alone protects these records
        if not self.is_bound:
            if versioned:
                self.initial["version"] = self.instance.version
            self.initial["seen_history"] = latest_history_id(self.instance)

    def refresh_version(self, current_version: int | None, seen_history: int | None) -> None:
        """After a refused save: keep what the user typed, move the version on, so that
        saving again is a decision taken with the other change in view."""
        data = self.data.copy()
        if "version" in self.fields:
            data[self.add_prefix("version")] = current_version
        data[self.add_prefix("seen_history")] = "" if seen_history is None else seen_history
        self.data = data

    def keep_others_changes(self, submitted: dict, seen, current) -> list[str]:
        """After a refused save, for each field the user left as they saw it (``seen``, the
        record at the history row their page was read from) but someone else changed since,
        put the current value in the form, so that saving again never quietly undoes the
        other person's change. Fields both changed keep what the user typed (the page shows
        the other change beside them). Returns the labels of the fields taken over."""
        data = self.data.copy()
        taken = []
        for name, field in self.fields.items():
            if name in ("version", "seen_history") or name not in submitted:
                continue
            try:
                attname = self._meta.model._meta.get_field(name).attname
            except FieldDoesNotExist:
                continue  # a form-only field (a checkbox that clears a value, say)
            before, now = getattr(seen, attname), getattr(current, attname)
            typed = submitted[name]
            typed = typed.pk if isinstance(typed, models.Model) else typed
            if typed != before or now == before:
                continue
            key = self.add_prefix(name)
            if isinstance(field.widget, forms.CheckboxInput):
                if now:
                    data[key] = "on"
                else:
                    data.pop(key, None)
            else:
                data[key] = "" if now is None else str(field.prepare_value(now))
            taken.append(str(field.label))
        self.data = data
        return taken


def latest_history_id(instance) -> int | None:
    return (
        type(instance)
        .history.filter(id=instance.pk)
        .order_by("-history_id")
        .values_list("history_id", flat=True)
        .first()
    )


PROFILE_FIELDS = list(Laborer.PROFILE_FIELDS)
GROUP_FIELDS = list(Laborer.GROUP_FIELDS)
SURVEY_FIELDS = list(Laborer.SURVEY_FIELDS)


class LaborerForm(VersionedModelForm):
    """Profile and survey fields. On an existing laborer the ID number and phone are not
    put into the page in full: the inputs start empty and an empty input keeps the value."""

    clear_phone = forms.BooleanField(label="清空联系电话", required=False)

    class Meta:
        model = Laborer
        fields = PROFILE_FIELDS + GROUP_FIELDS + SURVEY_FIELDS
        widgets = {
            "departure_date": _date_input(),
            "last_surveyed_on": _date_input(),
            "phone": forms.TextInput(attrs={"type": "tel", "inputmode": "tel"}),
            "note": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, request=None, **kwargs):
        super().__init__(*args, **kwargs)
        # whose area a duplicate ID number is told within (without it: the model's message)
        self.request = request
        self.fields["id_number"].widget.attrs.update(autocomplete="off", spellcheck="false")
        if self.instance.pk:
            self.fields["id_number"].required = False
            self.fields["id_number"].help_text = (
                f"当前：{mask_id_number(self.instance.id_number)}。留空表示不修改；"
                "填写则替换为新号码（出生日期和性别随之更新）。"
            )
            self.fields[
                "phone"
            ].help_text = f"当前：{mask_phone(self.instance.phone) or '未填写'}。留空表示不修改。"
            if not self.is_bound:
                self.initial["id_number"] = ""
                self.initial["phone"] = ""
            if not self.instance.phone:
                del self.fields["clear_phone"]
        else:
            del self.fields["clear_phone"]
            if not self.is_bound:
                # A member added by hand was surveyed just now: without this default the
                # new record would be flagged 本季度未调查更新 the moment it is saved.
                self.initial.setdefault("last_surveyed_on", today())

    def clean_id_number(self):
        value = self.cleaned_data.get("id_number")
        if not value and self.instance.pk:
            return self.instance.id_number
        if value and value != self.instance.id_number and self.request is not None:
            holder = id_number_holder_logged(
                value,
                user=self.request.user,
                where="劳动力表单",
                request=self.request,
                exclude_pk=self.instance.pk,
            )
            if holder is not None:
                raise ValidationError(_registered_message(holder), code="unique")
        return value

    def clean(self):
        cleaned = super().clean()
        if self.instance.pk and not cleaned.get("phone") and "phone" not in self.errors:
            cleaned["phone"] = "" if cleaned.get("clear_phone") else self.instance.phone
        return cleaned

    def sections(self):
        """Fields in the page's three groups (bound fields, in order)."""
        profile = [*PROFILE_FIELDS[:3], "clear_phone", *PROFILE_FIELDS[3:]]
        return [
            ("基本信息", [self[name] for name in profile if name in self.fields]),
            ("劳动能力与特殊群体", [self[name] for name in GROUP_FIELDS]),
            ("调查信息", [self[name] for name in SURVEY_FIELDS]),
        ]


def _registered_message(holder) -> str:
    """Who and where, within what the user sees: a person of the user's area by name, with
    a link; anyone else only by the place they are registered in."""
    if holder.visible:
        return format_html(
            '该身份证号码已登记为 <a href="{}">{}</a>（{}）：同一人只能登记一次，'
            "如需修改请到其详情页。",
            reverse("laborers:laborer_detail", args=[holder.pk]),
            holder.name,
            holder.place,
        )
    return (
        f"该身份证号码已在{holder.place}登记，不在您的管辖范围内："
        "如该劳动力已迁入，请联系县就业人才局或原乡镇办理迁移。"
    )


class VillageChoiceField(forms.ModelChoiceField):
    show_township = True

    def label_from_instance(self, obj: Village) -> str:
        return str(obj) if self.show_township else obj.name


class HouseholdForm(VersionedModelForm):
    village = VillageChoiceField(label="村（社区）", queryset=Village.objects.none())

    class Meta:
        model = Household
        fields = ["village", "number", "poverty_status", "poverty_exit_year", "relocated"]

    def __init__(self, *args, user: Any, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["village"]
        field.queryset = Village.objects.visible_to(user).select_related("township")
        field.show_township = role_of(user) in (Role.COUNTY, Role.LEADER)


class EpisodeForm(VersionedModelForm):
    """Start an employment episode, or correct one (``with_end`` adds the end date)."""

    end_current = forms.BooleanField(
        label="同时结束当前就业（在新工作开始的前一天结束）", required=False
    )

    class Meta:
        model = EmploymentEpisode
        fields = [
            "kind",
            "province",
            "employer",
            "place",
            "start_date",
            "end_date",
            "monthly_income",
            "program",
            "note",
        ]
        widgets = {
            "start_date": _date_input(),
            "end_date": _date_input(),
            "monthly_income": forms.NumberInput(attrs={"inputmode": "decimal", "step": "0.01"}),
        }
        help_texts = {"province": "县内、市内县外务工自动记为重庆市；市外务工必须选择省份。"}

    def __init__(
        self,
        *args,
        laborer: Laborer | None = None,
        open_episode: EmploymentEpisode | None = None,
        **kwargs,
    ):
        super().__init__(*args, **kwargs)
        if laborer is not None and self.instance.pk is None:
            self.instance.laborer = laborer
        self.open_episode = open_episode
        program = self.fields["program"]
        program.queryset = Program.objects.filter(
            Q(is_active=True) | Q(pk=self.instance.program_id)
        )
        program.empty_label = "无（自主就业）"
        if self.instance.pk is None:
            # A new episode is the current one: it is ended later, from the timeline.
            del self.fields["end_date"]
            self.initial.setdefault("start_date", today())
        if open_episode is None or self.instance.pk:
            del self.fields["end_current"]
        else:
            self.fields["end_current"].help_text = f"当前就业：{open_episode}"

    def clean(self):
        cleaned = super().clean()
        if self.open_episode is not None and self.instance.pk is None:
            if not cleaned.get("end_current"):
                self.add_error(
                    "end_current",
                    f"该劳动力当前在“{self.open_episode}”就业：勾选此项同时结束它，"
                    "或先在就业经历中结束它。",
                )
            start = cleaned.get("start_date")
            if start and start <= self.open_episode.start_date:
                self.add_error(
                    "start_date",
                    f"新工作的开始日期必须晚于当前就业的开始日期"
                    f"（{self.open_episode.start_date:%Y-%m-%d}）。",
                )
        return cleaned

    def _post_clean(self):
        super()._post_clean()
        if self._errors:
            return
        if self.instance.pk is not None and not {"kind", "start_date", "end_date"} & set(
            self.changed_data
        ):
            return  # correcting an employer or an income: the dates stand as they were
        # The rules that need other rows: no overlap with the laborer's other jobs, and a
        # placement's site rules (see EmploymentEpisode.conflicts).
        ignore = ()
        if self.instance.pk is None and self.open_episode is not None:
            ignore = (self.open_episode.pk,)  # it ends the day before this one starts
        for field, message in self.instance.conflicts(ignore=ignore).items():
            self.add_error(field if field in self.fields else None, message)


class EpisodeEndForm(forms.Form):
    end_date = forms.DateField(label="结束日期", widget=_date_input())

    def __init__(self, *args, episode: EmploymentEpisode, **kwargs):
        super().__init__(*args, **kwargs)
        self.episode = episode
        self.initial.setdefault("end_date", today())

    def clean_end_date(self):
        end = self.cleaned_data["end_date"]
        # The model's rules decide (not after today, not before the start), checked on a
        # copy so that a refused date never reaches the page's episode.
        episode = copy.copy(self.episode)
        episode.end_date = end
        try:
            episode.full_clean(exclude=["laborer", "program"], validate_constraints=False)
            episode.validate_conflicts()
        except ValidationError as error:
            messages = error.message_dict
            if "end_date" in messages:
                raise ValidationError(messages["end_date"]) from None
            raise ValidationError(
                "这段就业经历的其他信息不符合现行规则，请先修改它："
                + "；".join(m for field in messages.values() for m in field)
            ) from None
        return end


class ServiceForm(forms.ModelForm):
    """Three taps on a phone: the kind (each kind is a button that submits), the date
    (today unless changed), an optional note."""

    class Meta:
        model = Service
        fields = ["kind", "date", "channel", "note"]
        widgets = {
            "date": _date_input(),
            "note": forms.TextInput(attrs={"placeholder": "可不填"}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.initial.setdefault("date", today())
        self.fields["channel"].choices = [("", "—"), *choices.ServiceChannel.choices]

    @property
    def kind_choices(self):
        return choices.ServiceKind.choices
