"""The intake API: POST a 12345 ticket or a 好差评 review, get the ledger line it became.

201 with the new line, 200 with the existing line when the ticket number was sent before, 400 with field errors
(nothing written), 401 without a valid token, 403 when the token belongs to the other kind of platform.
"""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from campaigns.models import Department, ServiceItem
from intake.auth import PlatformOfKind, PlatformTokenAuthentication
from intake.models import PlatformKind
from intake.services import normalise_reference, ticket_receive
from issues.models import Issue

NOT_BLANK = r"\S"  # published as the schema's pattern: at least one character that is not a space
BAD_REVIEW_LEVELS = ("basically_satisfied", "dissatisfied", "very_dissatisfied")


class _StrictText:
    """Text only: DRF would turn a number into its digits, but the published schema says string."""

    def to_internal_value(self, data):
        if not isinstance(data, str):
            raise serializers.ValidationError(_("应为文本(字符串)"))
        return super().to_internal_value(data)


class Text(_StrictText, serializers.CharField):
    pass


class NonBlankText(_StrictText, serializers.RegexField):
    def __init__(self, **kwargs):
        kwargs.setdefault("error_messages", {"invalid": gettext_lazy("不能只有空格")})
        super().__init__(NOT_BLANK, **kwargs)


class _TicketBase(serializers.Serializer):
    title = NonBlankText(max_length=200, help_text=gettext_lazy("问题标题"),
                                   error_messages={"invalid": gettext_lazy("请填写问题标题")})
    content = Text(max_length=5000, required=False, allow_blank=True, default="",
                                    help_text=gettext_lazy("诉求或评价内容"))
    category = serializers.ChoiceField(choices=Issue.Category.choices, required=False, default=Issue.Category.OTHER)
    service_item_code = Text(max_length=40, required=False, allow_blank=True, default="",
                                              help_text=gettext_lazy("事项编码"))
    department_code = Text(max_length=32, required=False, allow_blank=True, default="",
                                            help_text=gettext_lazy("责任单位编码"))

    def validate_title(self, value):
        if not value.strip():
            raise serializers.ValidationError(_("请填写问题标题"))
        return value.strip()

    def validate_service_item_code(self, value):
        value = value.strip()
        if value and not ServiceItem.objects.filter(code=value).exists():
            raise serializers.ValidationError(_("没有编码为%(code)s的事项") % {"code": value})
        return value

    def validate_department_code(self, value):
        value = value.strip()
        if value and not Department.objects.filter(code=value).exists():
            raise serializers.ValidationError(_("没有编码为%(code)s的单位") % {"code": value})
        return value

    @staticmethod
    def _reference(value):
        normalised = normalise_reference(value)
        if not normalised:
            raise serializers.ValidationError(_("请填写单号"))
        if len(normalised) > 50:
            raise serializers.ValidationError(_("单号不超过50个字符"))
        return normalised

    @staticmethod
    def _past_date(value):
        if value > timezone.localdate():
            raise serializers.ValidationError(_("日期不能晚于今天"))
        return value

    def issue_fields(self) -> dict:
        data = self.validated_data
        fields = {"category": data["category"]}
        if data["service_item_code"]:
            fields["service_item"] = ServiceItem.objects.get(code=data["service_item_code"])
        if data["department_code"]:
            fields["department"] = Department.objects.get(code=data["department_code"])
        return fields


class HotlineTicketSerializer(_TicketBase):
    ticket_number = NonBlankText(max_length=50, help_text=gettext_lazy("12345工单号"),
                                           error_messages={"invalid": gettext_lazy("请填写单号")})
    received_on = serializers.DateField(help_text=gettext_lazy("受理日期"))

    def validate_ticket_number(self, value):
        return self._reference(value)

    def validate_received_on(self, value):
        return self._past_date(value)


class ReviewSerializer(_TicketBase):
    review_number = NonBlankText(max_length=50, help_text=gettext_lazy("好差评评价编号"),
                                           error_messages={"invalid": gettext_lazy("请填写单号")})
    reviewed_on = serializers.DateField(help_text=gettext_lazy("评价日期"))
    rating = serializers.ChoiceField(choices=[(value, label) for value, label in Issue.Evaluation.choices
                                              if value in BAD_REVIEW_LEVELS],
                                     help_text=gettext_lazy("评价等级(基本满意及以下才需整改)"))
    window = Text(max_length=50, required=False, allow_blank=True, default="",
                                   help_text=gettext_lazy("窗口"))

    def validate_review_number(self, value):
        return self._reference(value)

    def validate_reviewed_on(self, value):
        return self._past_date(value)


class IntakeResultSerializer(serializers.Serializer):
    issue_number = Text()
    stage = Text()
    created = serializers.BooleanField(help_text=gettext_lazy("false:该单号此前已登记,返回原台账"))


def _result(issue: Issue, created: bool) -> Response:
    body = {"issue_number": issue.number or f"{issue.year}-{issue.sequence:04d}", "stage": issue.stage,
            "created": created}
    return Response(body, status=status.HTTP_201_CREATED if created else status.HTTP_200_OK)


FIELD_ERRORS = OpenApiResponse(
    response={"type": "object", "additionalProperties": {"oneOf": [
        {"type": "array", "items": {"type": "string"}}, {"type": "string"}]}},
    description="Field errors: each field named with what is wrong (or `detail` for a body that is not JSON); "
                "nothing was written.")
DETAIL = {"type": "object", "properties": {"detail": {"type": "string"}}, "required": ["detail"]}
RESPONSES = {
    201: IntakeResultSerializer, 200: IntakeResultSerializer, 400: FIELD_ERRORS,
    401: OpenApiResponse(response=DETAIL, description="No valid token"),
    403: OpenApiResponse(response=DETAIL, description="The token belongs to the other kind of platform"),
    415: OpenApiResponse(response=DETAIL, description="The body is not application/json"),
}


class _IntakeView(APIView):
    authentication_classes = [PlatformTokenAuthentication]
    permission_classes = [PlatformOfKind]
    platform_kind = ""


class HotlineTicketView(_IntakeView):
    platform_kind = PlatformKind.HOTLINE_12345

    @extend_schema(request=HotlineTicketSerializer, responses=RESPONSES)
    def post(self, request):
        """A 12345 hotline ticket becomes a ledger line at `experience`; the same ticket number twice is one line."""
        serializer = HotlineTicketSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        with transaction.atomic():
            issue, created = ticket_receive(
                platform=request.auth, reference=data["ticket_number"], title=data["title"],
                discovered_on=data["received_on"], description=data["content"], **serializer.issue_fields(),
            )
        return _result(issue, created)


class ReviewView(_IntakeView):
    platform_kind = PlatformKind.REVIEW

    @extend_schema(request=ReviewSerializer, responses=RESPONSES)
    def post(self, request):
        """A bad 好差评 review becomes a ledger line at `experience`; the same review number twice is one line."""
        serializer = ReviewSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        remarks = _("评价等级:%(rating)s") % {"rating": Issue.Evaluation(data["rating"]).label}
        if data["window"]:
            remarks += _(";窗口:%(window)s") % {"window": data["window"]}
        with transaction.atomic():
            issue, created = ticket_receive(
                platform=request.auth, reference=data["review_number"], title=data["title"],
                discovered_on=data["reviewed_on"], description=data["content"], remarks=remarks,
                **serializer.issue_fields(),
            )
        return _result(issue, created)
