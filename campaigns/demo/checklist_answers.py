"""A demo walker's answers to his campaign's 工作提示单, consistent with what he found.

Answers have the shape the walkthrough form stores: [{"section", "question", "answer", "note"}] with
answer "yes" / "no" / "na". A question is answered "no" when a finding of a related category was made
(its title becomes the note), "na" for hall facilities on an online-only walk, "yes" otherwise.
"""



def _title_has(*words):
    return lambda finding: any(word in finding["title"] for word in words)


def _category_in(*categories):
    return lambda finding: finding.get("category") in categories


# Words in a checklist question → which findings make its answer "no".
TOPICS = (
    (("排号", "预约"), _title_has("取号", "排号", "预约", "排队")),
    (("自助",), _title_has("自助", "终端", "制卡机", "取号机")),
    (("工具箱", "急救箱", "轮椅", "便民设施"), _category_in("facilities", "special_groups")),
    (("办事指南是否",), lambda f: f.get("category") == "service_guide" or "办事指南" in f["title"]),
    (("取号排队",), _category_in("process", "trips", "time_limit", "data_sharing")),
    (("材料",), _category_in("materials")),
    (("窗口人员", "热情"), _category_in("staff_conduct", "policy_explanation")),
    (("政策",), _category_in("policy_explanation")),
    (("流程通",), _category_in("process", "trips", "data_sharing", "online_system")),
    (("服务优",), _category_in("special_groups", "staff_conduct")),
    (("效果",), _category_in("time_limit")),
)
HALL_ONLY = ("排号", "自助", "工具箱", "急救箱", "轮椅", "便民设施")


def related_findings(question: str, findings) -> list[str]:
    tests = [test for words, test in TOPICS if any(word in question for word in words)]
    return [f["title"] for f in findings if any(test(f) for test in tests)]


def answers_for(checklist, *, findings, channel: str, guide_matches) -> list[dict]:
    answers = []
    for item in checklist or []:
        question = item.get("question", "")
        related = related_findings(question, findings)
        if "材料" in question and guide_matches is False and not related:
            related = ["实际要求材料与办事指南不一致"]
        if related:
            answer, note = "no", ";".join(related)
        elif channel == "online" and any(word in question for word in HALL_ONLY):
            answer, note = "na", ""
        else:
            answer, note = "yes", ""
        answers.append({"section": item.get("section", ""), "question": question, "answer": answer, "note": note})
    return answers
