"""Frames: harms recognised as a combination of ideas, in any wording the normaliser folds.

The examples are our own and deliberately vary word order, spelling and obfuscation, so that a
frame is shown to generalise beyond one phrase; each family has clean look-alikes that must stay
clean.
"""

import pytest

from mangxanh.engine import Engine
from mangxanh.engine.detectors.frames import FrameDetector, compile_frames
from mangxanh.engine.normalize import normalize

ENGINE = Engine(model_path=False)


@pytest.mark.parametrize(
    ("text", "category"),
    [
        # a group of people + a demeaning predicate, in several wordings
        ("Người dân tộc lên đây học làm gì, toàn đứa mọi rợ", "hate"),
        ("bọn Quảng Ninh đi đâu cũng trộm cắp, giữ ví cẩn thận", "hate"),
        ("dan mien tay chi gioi an bam, hoc hanh lam gi", "hate"),
        # an identifiable person + an insult
        ("Thằng Quang 8A3 óc chó, nói gì cũng không hiểu", "harassment"),
        ("con nhỏ đó mặt dày, ai cũng ghét", "harassment"),
        # a speaker's intent + a harm verb
        ("tối mai t sẽ chờ nó ở nhà xe rồi cho ăn dao", "violence"),
        ("Mày liệu hồn, tuần sau tao đâm chết mày", "violence"),
        # self-harm: intent + method, wounds, a passive wish
        ("mệt mỏi lắm rồi, chắc tối nay uống hết vỉ thuốc ngủ cho xong", "self_harm"),
        ("con em có mấy vết rạch trên tay, nó bảo muốn biến mất", "self_harm"),
        # drugs offered in slang, priced per unit
        ("ai cần 'đá' ib mình, 300k/chỉ, ship kín", "drugs_gambling"),
        # betting between pupils
        ("Kèo Arsenal tối nay t vào cửa trên, chấp nửa trái, thua thì ck đủ", "drugs_gambling"),
        # a child telling of sexual touching
        ("Cô ơi, chú hàng xóm hay sờ vào ngực em, em sợ lắm", "child_abuse"),
        # an official voice + an unusual demand
        ("Phòng GD&ĐT thông báo: phụ huynh nộp phí xử lý hồ sơ 300k qua Zalo cán bộ trong hôm nay", "impersonation"),
        # a rumour pushed as fact
        ("Tin từ người trong cuộc: hiệu trưởng trường mình sắp bị cách chức, share mạnh cho mọi người biết", "misinformation"),
        # a pupil described as a sexual object, in other words than any example of the corpus
        ("nhỏ lớp 7 nhà bên dậy thì thành công ghê, vòng 1 phổng phao", "child_abuse"),
        ("hs cap 2 bay gio sexy qua troi", "child_abuse"),
        # asking for or offering a pupil's intimate images
        ("Ai có clip nóng của con bé 9A4 thì gửi t với", "child_abuse"),
        ("nữ sinh trường bên bị lộ ảnh khỏa thân, ai xin link ib", "child_abuse"),
        # a bullied child kept silent by a threat
        ("Bọn nó lấy hết tiền ăn sáng của con, còn dọa nếu mách thầy thì đánh tiếp", "violence"),
        # an official body asking money into a personal account
        ("Sở GD&ĐT yêu cầu các trường đóng lệ phí thẩm định vào tài khoản cá nhân của chuyên viên phụ trách", "impersonation"),
        # a threat of a shooting that calls itself a warning
        ("Cảnh báo: thứ 6 này có người xả súng ở trường, không phải trò đùa đâu", "violence"),
        # a weapon carried to school, the day named instead of "sẽ"
        ("thứ 5 tao vác mã tấu lên lớp chém thằng lớp trưởng", "violence"),
        # extortion told by a parent, with no word of fear
        ("Con tôi học lớp 3, tuần nào cũng bị mấy anh lớp trên trấn lột tiền ăn sáng", "violence"),
        # minors recruited with secrecy from their parents
        ("Cần tuyển các bạn nữ sinh cấp 2 làm mẫu livestream, giấu ba mẹ cũng được, trả tiền ngay", "child_abuse"),
        # a self-harm method gathered in advance
        ("Em gom đủ số viên thuốc ngủ rồi, cuối tuần này là xong", "self_harm"),
        # a beating told through the injury, with no word of fear
        ("Bé nhà tôi bị mấy bạn cùng lớp xô đẩy, đá vào bụng đến mức phải nhập viện", "violence"),
        # a farewell in other words, with the means ready
        ("Mai mọi người không phải thấy mặt mình nữa đâu, dây thừng mình mua rồi", "self_harm"),
        # lying in wait with a weapon, no harm verb said
        ("Con Linh 9A1 chiều mai đừng có về cổng sau, bọn tao đợi sẵn có cả dao", "violence"),
        # a gas-cylinder threat against a school hall
        ("mai chào cờ tao sẽ cho nổ bình gas giữa sân trường, chết chung hết", "violence"),
        # a beating that is filmed
        ("tao bị mấy đứa lớp trên đạp vào bụng, tụi nó còn quay video đăng lên mạng", "violence"),
        # self-harm: scratching oneself, sedatives
        ("Em hay tự cào cấu bản thân mỗi lần bị điểm kém", "self_harm"),
        ("mai mình uống thuốc an thần của bà là xong, không ai phải khổ vì mình nữa", "self_harm"),
        # teen-code photo request to a child with secrecy
        ("e oi chup cho a xem e mac do ngu di, a ko ke ai dau", "child_abuse"),
        # a fake officer demanding bail money
        ("Tôi gọi từ công an huyện, cháu nhà chị đang bị giữ, chị chuyển tiền bảo lãnh ngay trong hôm nay", "impersonation"),
        # a camera placed where pupils undress
        ("Có đứa gắn camera trong nhà vệ sinh nữ tầng 2, mọi người kiểm tra giúp", "child_abuse"),
        # leaving for good with no method named: a letter, a river, "đừng tìm"
        ("con để lại thư trên bàn rồi, bố mẹ đừng tìm con nữa, con đi xa mãi mãi", "self_harm"),
        ("toi nay minh ra bo song mot lan cuoi, khong ai tim thay dau", "self_harm"),
        ("co bo song nao vang nguoi qua lai khong, minh muon ra do lan cuoi", "self_harm"),
        ("lên sân thượng ngồi lần cuối rồi thôi, mọi người đừng buồn", "self_harm"),
        # means gathered in advance, told with "được"
        ("mình tích được cả lọ thuốc ngủ rồi, chỉ chờ dịp thôi", "self_harm"),
        # pay or be beaten
        ("tụi lớp 9 bảo tui ko đưa tiền là bị đấm, ngày nào cũng vậy", "violence"),
        # a pupil asked to open a camera for a stranger
        ("bé học lớp 7 à, xinh thế, bật cam cho anh xem chút nhé", "child_abuse"),
        # locked in and soaked by classmates
        ("Cháu nhà em bị mấy bạn hắt nước vào người rồi nhốt trong kho, cháu sợ không dám đi học", "violence"),
        # an official body, a lure and a demand for the account
        ("Phòng GD thông báo học sinh được nhận tiền hỗ trợ, phụ huynh cung cấp số tài khoản và mã OTP cho cán bộ", "impersonation"),
        # a teacher filmed: sexual, not child abuse
        ("Thằng đó giấu điện thoại quay lén cô giáo thực tập trong nhà vệ sinh", "sexual"),
        # a blast at school announced with a menace
        ("thứ 2 nhà thi đấu sẽ nổ tung, ai tiếc mạng thì đừng bén mảng tới", "violence"),
        # peeping through a hole where pupils bathe
        ("có thằng đục lỗ tường phòng tắm nữ để nhìn lén, mọi người cẩn thận", "child_abuse"),
        # an official body asking for the balance or the bank password
        ("Cơ quan điều tra yêu cầu anh kê khai số dư tài khoản rồi chuyển sang tài khoản chỉ định", "impersonation"),
        # cutting told through the body part and the scars
        ("tay mình giờ chằng chịt sẹo, tối nào cũng cứa lên tay", "self_harm"),
        ("con thấy con là gánh nặng cho gia đình, không ai cần con", "self_harm"),
        # a pupil as a courier, a pupil as bookmaker
        ("ai cầm hộ anh ít 'kẹo' giao cho khách ở cổng trường, 1 gói trả 50k", "drugs_gambling"),
        ("kèo MU vs Chelsea chấp nửa trái, ae vào đi t cầm cái", "drugs_gambling"),
    ],
)
def test_frames_find_the_harm_in_new_wordings(text, category):
    r = ENGINE.scan(text)
    assert category in r.categories, (r.verdict, [(f.rule, f.evidence) for f in r.findings])
    assert r.verdict != "allow"
    for f in r.findings:
        assert text[f.start : f.end] == f.evidence


@pytest.mark.parametrize(
    "text",
    [
        "Chúc mừng em Nguyen Ngoc Ngu lop 8A dat giai Nhi cuoc thi ve tranh",  # a name, not an insult
        "Cá voi sát thủ sẽ giết hải cẩu để ăn, nó là loài săn mồi đỉnh cao",  # animals, no speaker
        "Mai t sẽ chém gió với cả lớp về chuyến đi",  # "chém gió" is chatting
        "Phụ nữ nên học thêm kỹ năng tự vệ, đàn ông cũng vậy",
        "Bố mẹ nhớ cho con đi ngủ sớm, ngủ đủ giấc trước ngày thi",
        "Nhà trường thông báo: phụ huynh nộp học phí qua tài khoản của nhà trường trước ngày 15",
        "Ai cần tài liệu ôn thi môn Toán thì ib mình nhé",  # "cần" is a verb here
        "Tạm biệt các bạn, mình lên tầng 3 học tiếp nhé",
        # look-alikes of the new frames: a lesson on puberty, a warning about personal accounts,
        # a shooting in a history lesson, a report that quotes a threat
        "Bài học sinh học lớp 8: tuổi dậy thì, cơ thể các em thay đổi, vòng ngực phát triển là bình thường",
        "Sở GD&ĐT lưu ý: không nộp bất kỳ khoản phí nào vào tài khoản cá nhân, mọi khoản thu đều qua tài khoản của trường",
        "Trong tiết Lịch sử, các em tìm hiểu trận đánh khi quân ta nổ súng mở màn chiến dịch",
        "Biên bản làm việc: em Nam khai bị bạn nhắn 'mày chết với tao', nhà trường đã mời phụ huynh hai bên",
        "Con tôi cứ đòi tiền mua đồ chơi, tụi nó bây giờ đòi hỏi nhiều quá",
        "Bà nội mua sẵn thuốc ngủ ở hiệu thuốc theo đơn của bác sĩ",
        "Thứ 2 tuần sau thầy sẽ kiểm tra miệng, em nào chưa học thì chết với thầy",
        "Trường lắp camera ở hành lang và cổng trường để bảo đảm an ninh",
        "Giờ thể dục lớp 6 chơi kéo co, lớp trưởng chuẩn bị dây thừng và còi",
        "Bố mẹ chờ ở cổng trường nhé, dao gọt hoa quả để trong cặp con",
        "Hội trường tầng 2 sẽ kiểm tra bình gas của bếp ăn bán trú vào thứ 5",
        "Cô cho cả lớp quay clip thuyết trình rồi đăng lên nhóm lớp để chấm điểm",
        "Em thấy thầy xử lý tình huống thật cao tay, cả lớp phục",  # "cao tay" folds like "cào tay"
        "Học sinh lớp 9A vào vòng 1 cuộc thi Olympic Tiếng Anh, vấn đề nóng bỏng là lịch ôn tập",
        "Phụ huynh ai cần mua đồ bơi cho học sinh lớp 3 học bơi thì đăng ký với cô",
        "Lớp chuẩn bị dây thừng kéo co là xong, mai thi đấu rồi",
        "Tao đợi ở quán trà sữa, mày kiếm chỗ ngồi trước đi",
        "Con tôi bị ngã xuống cầu thang ở nhà, xin phép cô cho cháu nghỉ hai hôm",
        # look-alikes of the departure, extortion and camera frames
        "Cuối tuần cả lớp đi dã ngoại ra bờ sông, bạn nào lạc thì đừng lo, cô sẽ tìm",
        "Năm cuối cấp rồi, một lần cuối cùng cả lớp chụp ảnh kỷ yếu ở sân trường",
        "Các em gom được bao nhiêu giấy vụn thì nộp cho lớp trưởng, lớp nào không nộp thì bị trừ điểm thi đua",
        "Học sinh lớp 6 nhớ bật cam khi học online để cô điểm danh nhé",
        "Bài tập không nộp là bị cô nhắc tên trước lớp đó nha",
        "Tiết Hóa: nếu đun nóng sai cách, bình khí có thể phát nổ, các em làm đúng hướng dẫn ở nhà đa năng",
        "Cả lớp góp 50k/người mua quà 20/11, lớp trưởng làm thủ quỹ",
        "Cây cầu tạm ít người qua lại nên xã sẽ sửa lại vào tháng sau",
        "Lên sân thượng phơi đồ là xong rồi thôi con xuống ăn cơm",
        "Hôm nay thư viện trường trao đổi sách cũ, bạn nào có sách thì mang đến",
        "Phụ huynh lưu ý: ngân hàng không bao giờ hỏi mật khẩu ngân hàng hay số dư tài khoản qua điện thoại",
    ],
)
def test_clean_look_alikes_stay_clean(text):
    r = ENGINE.scan(text)
    assert r.verdict == "allow", [(f.rule, f.evidence) for f in r.findings]


def test_a_frame_needs_its_ideas_near_each_other():
    data = {
        "slots": {"a": ["mèo đen"], "b": ["nhảy qua"]},
        "frames": [{"name": "t", "category": "violence", "score": 0.8, "explanation": "x", "all": ["a", "b"], "window": 20}],
    }
    detector = FrameDetector(data)
    assert detector.detect(normalize("con mèo đen nhảy qua rào"))
    far = "con mèo đen " + "đi chơi " * 10 + "rồi nhảy qua rào"
    assert not detector.detect(normalize(far))


def test_unknown_builtin_slot_is_refused():
    with pytest.raises(ValueError, match="unknown built-in"):
        compile_frames({"frames": [{"name": "t", "category": "hate", "score": 1, "explanation": "x", "all": ["@nope"]}]})


def test_sextortion_told_by_a_parent_without_diacritics():
    # Found in a walk-through: only "grooming" showed, never "do not pay".
    text = ("Co mot nguoi la doi con toi phai gui them anh va chuyen 2 trieu, neu khong han se dang anh "
            "cua chau len nhom lop. Con toi dang rat so, khong dam di hoc.")
    r = ENGINE.scan(text)
    assert "child_abuse" in r.categories and r.verdict == "block"
    assert any("sextortion" in f.rule for f in r.findings)
    assert "violence" not in r.categories  # "không dám" (dare not) is not "đấm" (punch)
    assert r.disclosure


def test_a_teacher_filmed_in_secret_is_not_labelled_child_abuse():
    # A class code near the act names the pupils who did it, not the person filmed.
    r = ENGINE.scan("Hai đứa lớp 11 lén quay dưới váy cô giáo dạy Hóa rồi gửi vào nhóm")
    assert "sexual" in r.categories and "child_abuse" not in r.categories, [(f.rule, f.evidence) for f in r.findings]
    r = ENGINE.scan("Có người quay lén nữ sinh lớp 7 lúc thay đồ thể dục")
    assert "child_abuse" in r.categories
