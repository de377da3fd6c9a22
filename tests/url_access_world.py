"""The objects the URLconf × role test requests: two departments' worth of everything, side "a" and side "b".

Side a belongs to the market department (县市场监管局) and its walker; side b to the police (县公安局) and a second
walker. A viewer's relation to a side is what the access table is written in: "participant:own" is the walker
looking at side a, "participant:other" the same walker looking at side b, and so on. Another dimension (issue 17:
a second county) is added as a third side plus the relations that name it; the table's rows stay as they are.
"""

import datetime
from types import SimpleNamespace

from django.core.files.base import ContentFile
from django.utils import timezone

from callbacks.models import Callback
from campaigns.models import Department, Official, PendingAttachment, WalkthroughAttachment
from campaigns.roles import Role
from issues.models import DeadlineExtension, Evidence, Issue, Notification
from issues.models.handling import Urging
from issues.services import issue_transition
from publicity.models import Publication
from reports.models import ExportJob
from tests.factories import CampaignFactory, WalkthroughFactory, make_issue, user_with_role

PNG = (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89"
       b"\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00\x00\x00\x00IEND\xaeB`\x82")
PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"

# Who asks: (key prefix, username); the department whose side is "own" for him is given in OWN_SIDE.
VIEWERS = {
    "anonymous": None,
    "participant": "walker",
    "liaison": "liaison",
    "staff": "staff",
    "leader": "leader",
}
SIDED_ROLES = {"participant", "liaison"}  # staff and leaders read every department of their county
# Side c lies in another county (白溪县, a second root): every viewer here belongs to the first county, so for all
# of them, staff and leaders included, it is "role:other_county" — denied unless the page is public.
SIDES = ("a", "b", "c")
OTHER_COUNTY = "other_county"


def relation(role: str, side: str | None) -> str:
    """The table key for `role` looking at an object of `side` (None: the URL names no one's object)."""
    if side == "c":
        return f"{role}:{OTHER_COUNTY}"
    if side is None or role not in SIDED_ROLES:
        return role
    return f"{role}:{'own' if side == 'a' else 'other'}"


def _side(org, *, department, walker, liaison, staff, campaign) -> SimpleNamespace:
    session = WalkthroughFactory(
        campaign=campaign, department=department, lead=walker.official, created_by=walker,
        mode="proxy", citizen_name="王大爷", authorisation_method="书面委托", proxy_steps=["registration"],
        status="draft", submitted_at=None,
        authorisation_form=ContentFile(PDF, name="授权书.pdf"), authorisation_original_name="授权书.pdf",
        authorisation_content_type="application/pdf",
    )
    attachment = WalkthroughAttachment.objects.create(
        session=session, kind="photo", file=ContentFile(PNG, name="p.png"), original_name="大厅.png",
        content_type="image/png", size=len(PNG), uploaded_by=walker,
    )
    # A photo kept for the walker from a walkthrough form that came back with errors.
    pending = PendingAttachment.objects.create(
        uploaded_by=walker, form_token=f"token-{walker.username}", kind="photo", file=ContentFile(PNG, name="k.png"),
        original_name="大厅.png", content_type="image/png", size=len(PNG),
    )
    issue = make_issue(by=walker, title="叫号机故障")
    issue = issue_transition(issue=issue, action="hand_off", by=staff, note="请限期整改",
                             changes={"department": department, "deadline": timezone.localdate()})
    issue = issue_transition(issue=issue, action="acknowledge", by=liaison)
    Issue.objects.filter(pk=issue.pk).update(measures="更换叫号机")
    # A second issue waiting for the center's evaluation: the callback is recorded then.
    evaluating = make_issue(by=walker, title="指南与实际不符", department=department, stage=Issue.Stage.EVALUATION)
    evidence = Evidence.objects.create(
        issue=issue, file=ContentFile(PDF, name="e.pdf"), original_name="整改报告.pdf",
        content_type="application/pdf", uploaded_by=liaison,
    )
    # The pending extension hangs off a second rectifying issue, so the first one may still ask for one.
    extended = make_issue(by=walker, title="材料清单过长", department=department, stage=Issue.Stage.RECTIFICATION)
    extension = DeadlineExtension.objects.create(
        issue=extended, requested_by=liaison, reason="材料需要外部门出具", current_deadline=extended.deadline,
        requested_deadline=extended.deadline + datetime.timedelta(days=10),
    )
    callback = Callback.objects.create(called_on=timezone.localdate(), department=department,
                                       result=Callback.Result.choices[-1][0], created_by=staff)
    urging = Urging.objects.create(issue=issue, urged_by=staff, note="请加快整改", department=department)
    publication = Publication.objects.create(
        issue=evaluating, found_text="指南与实际不符", done_text="已修订办事指南", published_by=staff,
        published_at=timezone.now(),
    )
    notification = Notification.objects.create(
        recipient=liaison, issue=issue, kind="handed_off",
        params={"number": "2026-0001", "title": "叫号机故障", "department": department.name, "deadline": "2026-12-31"},
    )
    export = ExportJob.objects.create(kind=ExportJob.Kind.LEDGER, user=liaison, status=ExportJob.Status.DONE,
                                      file=ContentFile(PDF, name="x.xlsx"), filename="整改台账.xlsx")
    official = Official.objects.create(name=f"{department.name}干部", department=department,
                                       level=Official.Level.SECTION_CHIEF, phone="13900001111")
    return SimpleNamespace(
        session=session, attachment=attachment, pending=pending, issue=Issue.objects.get(pk=issue.pk),
        evidence=evidence, evaluating=evaluating, publication=publication, urging=urging,
        callback=callback,
        extension=extension, notification=notification, export=export, official=official,
    )


def build_world(org, users) -> SimpleNamespace:
    """Both sides, the campaign they share, and every stored file's name (for the /media/ requests)."""
    walker_b = user_with_role(Role.PARTICIPANT, "walker_b", department=org.police)
    campaign = CampaignFactory()
    a = _side(org, department=org.market, walker=users["walker"], liaison=users["liaison"], staff=users["staff"],
              campaign=campaign)
    b = _side(org, department=org.police, walker=walker_b, liaison=users["other_liaison"], staff=users["staff"],
              campaign=campaign)
    # Another county in the same installation, with its own staff, liaison, walker and campaign.
    county = Department.objects.add_root(dict(code="D", name="白溪县", kind=Department.Kind.COUNTY))
    market_c = Department.objects.add_child(Department.objects.get(pk=county.pk),
                                            dict(code="D02", name="白溪县市场监管局", kind=Department.Kind.DEPARTMENT))
    staff_c = user_with_role(Role.CENTER_STAFF, "staff_c", jurisdiction=Department.objects.get(pk=county.pk))
    c = _side(org, department=Department.objects.get(pk=market_c.pk),
              walker=user_with_role(Role.PARTICIPANT, "walker_c", department=market_c),
              liaison=user_with_role(Role.DEPT_LIAISON, "liaison_c", department=market_c), staff=staff_c,
              campaign=CampaignFactory(theme="白溪县走流程", level_unit=Department.objects.get(pk=county.pk)))
    files = [
        name for side in (a, b, c)
        for name in (side.session.authorisation_form.name, side.attachment.file.name, side.evidence.file.name,
                     side.export.file.name, side.pending.file.name)
    ]
    return SimpleNamespace(a=a, b=b, c=c, campaign=campaign, files=files)
