"""The starter library: lessons written for this project (own text, in Vietnamese).

Bodies use the editor's light marks (mangxanh.review.drafts.markup_to_html): "## " headings,
"- " lists, **đậm**. The laws are cited by name and number only; SOURCES says which.
"""

from __future__ import annotations

LAW_CYBER = "Luật An ninh mạng số 116/2025/QH15"
LAW_PDP = "Luật Bảo vệ dữ liệu cá nhân số 91/2025/QH15"
DECREE_PDP = "Nghị định số 356/2025/NĐ-CP quy định chi tiết một số điều và biện pháp thi hành Luật Bảo vệ dữ liệu cá nhân"
HOTLINES = "Tổng đài điện thoại quốc gia bảo vệ trẻ em 111 (miễn phí, 24/7); Công an: 113."

SOURCES = {
    "cyber": f"{LAW_CYBER}. {HOTLINES}",
    "pdp": f"{LAW_PDP}; {DECREE_PDP}. {HOTLINES}",
    "all": f"{LAW_CYBER}; {LAW_PDP}; {DECREE_PDP}. {HOTLINES}",
    "help": HOTLINES,
}

# (title, audience, topic, summary, body, sources key)
LESSONS: list[tuple[str, str, str, str, str, str]] = [
    (
        "Luật An ninh mạng 2025: những điều học sinh cần biết",
        "thcs", "law",
        "Không gian mạng cũng có luật. Bài học giúp em biết việc gì không được làm và khi bị xâm hại thì làm gì.",
        """## Không gian mạng cũng có pháp luật
Quốc hội đã thông qua Luật An ninh mạng số 116/2025/QH15. Luật này bảo vệ an ninh quốc gia, trật tự an toàn xã hội và quyền, lợi ích hợp pháp của mọi người trên không gian mạng, trong đó có trẻ em.
## Những việc em không được làm trên mạng
- Đăng, chia sẻ thông tin sai sự thật gây hoang mang cho người khác.
- Xúc phạm danh dự, nhân phẩm, bịa chuyện để nói xấu bạn bè, thầy cô.
- Chiếm đoạt tài khoản, đoán hoặc dùng trộm mật khẩu của người khác.
- Lan truyền hình ảnh, video bạo lực, đồi trụy hoặc hình ảnh riêng tư của người khác.
- Tham gia lừa đảo, mua bán tài khoản, thông tin cá nhân.
## Trẻ em được pháp luật bảo vệ
Luật yêu cầu các cơ quan, doanh nghiệp cung cấp dịch vụ và gia đình, nhà trường cùng bảo vệ trẻ em trên không gian mạng. Khi em thấy nội dung gây hại cho trẻ em, em có quyền báo để nội dung đó được gỡ bỏ.
## Khi em gặp chuyện
- Kể ngay với bố mẹ, thầy cô hoặc người lớn em tin tưởng.
- Giữ lại tin nhắn, chụp màn hình làm bằng chứng, không xóa.
- Gọi **111** (Tổng đài quốc gia bảo vệ trẻ em) hoặc **113** (công an) khi em gặp nguy hiểm.""",
        "cyber",
    ),
    (
        "Dữ liệu cá nhân của em là của em",
        "thpt", "law",
        "Họ tên, ảnh, số điện thoại, số định danh, vị trí… đều là dữ liệu cá nhân. Luật Bảo vệ dữ liệu cá nhân bảo vệ quyền của em.",
        """## Dữ liệu cá nhân là gì?
Dữ liệu cá nhân là thông tin giúp xác định một người cụ thể: họ tên, ngày sinh, ảnh chân dung, số điện thoại, số định danh cá nhân, địa chỉ nhà, trường lớp, vị trí, tài khoản mạng xã hội. Một số loại được bảo vệ chặt hơn, như thông tin sức khỏe, tài khoản ngân hàng, vị trí, đời sống riêng tư.
## Em có những quyền gì?
Theo Luật Bảo vệ dữ liệu cá nhân số 91/2025/QH15 và Nghị định số 356/2025/NĐ-CP, người có dữ liệu được biết dữ liệu của mình được dùng để làm gì, được đồng ý hoặc không đồng ý, được yêu cầu xem, sửa, xóa dữ liệu và được khiếu nại khi quyền bị xâm phạm. Việc xử lý dữ liệu của trẻ em phải được cha mẹ hoặc người giám hộ đồng ý; với trẻ từ đủ 7 tuổi trở lên còn cần sự đồng ý của chính trẻ.
## Những việc nên làm
- Không đăng ảnh căn cước, thẻ học sinh, vé máy bay, biển số nhà lên mạng.
- Tắt chia sẻ vị trí trong ảnh và ứng dụng khi không cần.
- Đọc kỹ ứng dụng xin những quyền gì; từ chối quyền không liên quan (ứng dụng đèn pin không cần danh bạ).
- Không mua bán, trao đổi thông tin cá nhân của người khác: đó là hành vi bị pháp luật cấm.
## Khi dữ liệu bị lộ
Đổi mật khẩu, báo cho bố mẹ, thầy cô; báo với nền tảng để gỡ nội dung; cảnh giác với cuộc gọi, tin nhắn lạ dùng thông tin của em để lừa đảo.""",
        "pdp",
    ),
    (
        "Nhận diện lừa đảo trực tuyến: năm dấu hiệu",
        "thcs", "scams",
        "Kẻ lừa đảo luôn tạo cảm giác gấp gáp, hứa hẹn phần thưởng hoặc đe dọa. Nhận ra dấu hiệu là đã tránh được một nửa nguy cơ.",
        """## Năm dấu hiệu của lừa đảo
- **Gấp gáp**: «chỉ còn 5 phút», «chuyển ngay kẻo mất».
- **Quá hời**: trúng thưởng, nhận quà miễn phí, nạp thẻ game được gấp đôi.
- **Đe dọa**: giả danh công an, nhà mạng, nhà trường báo em vi phạm, đòi nộp tiền.
- **Xin mã**: hỏi mã OTP, mật khẩu, ảnh thẻ, ảnh mặt em.
- **Liên kết lạ**: đường dẫn viết sai tên, rút gọn, yêu cầu đăng nhập lại.
## Các chiêu thường gặp với học sinh
- Bán vật phẩm, tài khoản game giá rẻ, nhận tiền rồi chặn liên lạc.
- Tuyển cộng tác viên «việc nhẹ lương cao», bắt đặt cọc trước.
- Nhắn tin giả làm bạn bè đã bị chiếm tài khoản để vay tiền.
- Gọi điện báo người thân bị tai nạn, cần chuyển tiền gấp.
## Em làm gì?
- Dừng lại, không bấm, không chuyển tiền, không đưa mã.
- Hỏi lại người thân bằng số điện thoại em đã biết.
- Kể với bố mẹ, thầy cô; báo cáo tài khoản lừa đảo trên nền tảng.
- Nếu đã lỡ chuyển tiền hoặc bị đe dọa: báo ngay cho bố mẹ và gọi **113**.""",
        "cyber",
    ),
    (
        "Khi bị bắt nạt trên mạng, em không một mình",
        "th", "help",
        "Bị chê bai, bị lập nhóm nói xấu, bị đăng ảnh chế giễu là bắt nạt. Em có quyền được giúp đỡ.",
        """## Thế nào là bắt nạt trên mạng?
Bắt nạt trên mạng là khi ai đó cố ý làm em buồn, sợ hoặc xấu hổ qua tin nhắn, bình luận, hình ảnh: chửi bới, chế ảnh, lập nhóm để nói xấu, cố tình loại em ra khỏi nhóm, dọa nạt.
## Em làm gì?
- Không trả lời lại bằng lời lẽ xấu.
- Chụp màn hình, giữ lại tin nhắn.
- Chặn và báo cáo người bắt nạt trên ứng dụng.
- Kể ngay với bố mẹ, thầy cô chủ nhiệm hoặc người lớn em tin.
- Gọi **111** để được lắng nghe và giúp đỡ, miễn phí, mọi lúc.
## Nếu em thấy bạn bị bắt nạt
Đừng bấm thích, đừng chia sẻ. Hãy hỏi thăm bạn và cùng bạn kể với thầy cô. Một lời động viên của em có thể giúp bạn rất nhiều.""",
        "help",
    ),
    (
        "Ứng xử văn minh trên mạng xã hội",
        "thpt", "conduct",
        "Mỗi bình luận, mỗi lượt chia sẻ đều để lại dấu vết. Sống tử tế trên mạng như ngoài đời.",
        """## Nghĩ trước khi đăng
- Điều này có đúng không? Em đã kiểm tra nguồn chưa?
- Điều này có làm tổn thương ai không?
- Em có ngại nếu thầy cô, bố mẹ hay nhà tuyển dụng sau này đọc được không?
## Tôn trọng người khác
Không bình luận khiếm nhã, không phân biệt vùng miền, ngoại hình, giới tính. Không đăng ảnh, video có người khác khi họ chưa đồng ý, nhất là ảnh bạn bè trong lớp.
## Tin giả và trách nhiệm pháp lý
Chia sẻ tin sai sự thật có thể bị xử lý theo quy định của pháp luật, trong đó có Luật An ninh mạng số 116/2025/QH15. Trước khi chia sẻ, hãy tìm thông tin từ nguồn chính thức: cổng thông tin của cơ quan nhà nước, báo chí chính thống.
## Bảo vệ hình ảnh của trường, lớp
Khi thấy trang mạo danh trường hoặc thầy cô, đừng tương tác; hãy báo cho nhà trường để xử lý.""",
        "cyber",
    ),
    (
        "Cha mẹ đồng hành cùng con trên mạng",
        "parents", "help",
        "Con an toàn nhất khi biết mình luôn có thể kể với cha mẹ mà không bị mắng.",
        """## Trò chuyện trước khi cấm đoán
Hỏi con thích ứng dụng, trò chơi nào, chơi cùng ai. Cùng con đặt quy tắc: giờ dùng điện thoại, nơi để thiết bị buổi tối, những điều không chia sẻ trên mạng.
## Thiết lập an toàn
- Bật chế độ kiểm soát của cha mẹ trên điện thoại, máy tính bảng, kho ứng dụng.
- Đặt tài khoản mạng xã hội của con ở chế độ riêng tư; tắt chia sẻ vị trí.
- Không đăng ảnh con kèm tên trường, lớp, địa chỉ nhà.
## Dấu hiệu cần để ý
Con bỗng sợ hãi khi có tin nhắn, giấu điện thoại, mất ngủ, không muốn đến trường, có tiền hoặc quà lạ. Đó có thể là dấu hiệu con bị bắt nạt, bị dụ dỗ hoặc bị tống tiền.
## Khi có chuyện
- Giữ bình tĩnh, cảm ơn con đã kể.
- Giữ lại bằng chứng; không tự liên hệ với kẻ xấu, không chuyển tiền.
- Gọi **111** (Tổng đài quốc gia bảo vệ trẻ em) hoặc **113** (công an); báo cho nhà trường.
Theo Luật Bảo vệ dữ liệu cá nhân số 91/2025/QH15, việc xử lý dữ liệu cá nhân của trẻ em cần sự đồng ý của cha mẹ hoặc người giám hộ; cha mẹ có quyền yêu cầu gỡ thông tin của con bị đăng trái phép.""",
        "all",
    ),
    (
        "Giáo viên: đăng tin về học sinh mà không làm lộ dữ liệu",
        "staff", "law",
        "Tin khen thưởng, ảnh hoạt động rất đáng chia sẻ, nhưng phải đúng quy định bảo vệ dữ liệu cá nhân của trẻ em.",
        """## Vì sao cần cẩn trọng?
Trang của trường, lớp được nhiều người xem. Một bài đăng kèm họ tên, ngày sinh, lớp, ảnh và số điện thoại phụ huynh có thể bị kẻ xấu gom lại để lừa đảo hoặc tiếp cận trẻ. Luật Bảo vệ dữ liệu cá nhân số 91/2025/QH15 và Nghị định số 356/2025/NĐ-CP yêu cầu có sự đồng ý của cha mẹ (và của trẻ từ đủ 7 tuổi) khi xử lý dữ liệu của trẻ em.
## Nguyên tắc khi đăng bài
- Chỉ đăng những gì cần cho mục đích của bài; không đăng ngày sinh, số định danh, địa chỉ, số điện thoại.
- Ảnh học sinh: có phiếu đồng ý của cha mẹ; tránh ảnh cận mặt kèm họ tên đầy đủ.
- Không đăng danh sách điểm, kết quả học tập, thông tin sức khỏe, hoàn cảnh gia đình của từng học sinh.
- Không đăng thông tin, hình ảnh của học sinh là nạn nhân hoặc có liên quan đến vụ việc.
## Dùng công cụ của Mạng Xanh
Mọi bài viết được quét trước khi đăng; hệ thống gợi ý che bớt số định danh, số điện thoại. Bài được ban biên tập duyệt và cấp mã duyệt.
## Khi phát hiện lộ dữ liệu
Gỡ ngay bài đăng, báo lãnh đạo nhà trường, ghi nhận sự việc trong hệ thống và thông báo cho cha mẹ học sinh liên quan.""",
        "pdp",
    ),
    (
        "Mật khẩu mạnh và xác thực hai lớp",
        "thcs", "skills",
        "Một mật khẩu tốt và một lớp bảo vệ thứ hai giữ tài khoản của em an toàn ngay cả khi mật khẩu bị lộ.",
        """## Mật khẩu mạnh là mật khẩu dài
Hãy dùng một câu dễ nhớ với em nhưng khó đoán với người khác, ví dụ ghép bốn từ không liên quan. Không dùng ngày sinh, tên, số điện thoại, «123456».
## Mỗi tài khoản một mật khẩu
Nếu một trang bị lộ, kẻ xấu sẽ thử mật khẩu đó ở mọi nơi. Dùng trình quản lý mật khẩu hoặc nhờ bố mẹ giúp ghi lại an toàn.
## Bật xác thực hai lớp
Sau khi nhập mật khẩu, ứng dụng hỏi thêm một mã trên điện thoại. **Không bao giờ** đọc mã này cho người khác, kể cả người tự xưng là nhân viên hỗ trợ.
## Khi nghi bị chiếm tài khoản
Đổi mật khẩu ngay, đăng xuất khỏi các thiết bị lạ, báo cho bạn bè đừng tin tin nhắn vay tiền từ tài khoản của em, kể với bố mẹ, thầy cô.""",
        "help",
    ),
    (
        "Bé dùng thiết bị an toàn: hướng dẫn cho cha mẹ trẻ mầm non",
        "mn", "skills",
        "Trẻ mầm non học bằng cách bắt chước. Cha mẹ ở bên, chọn nội dung và đặt giới hạn là cách bảo vệ tốt nhất.",
        """## Ở bên con khi con xem
Trẻ dưới 6 tuổi chưa phân biệt được quảng cáo, nội dung giả. Cha mẹ nên ngồi cùng con, trò chuyện về những gì con xem.
## Chọn nội dung, đặt giới hạn
- Dùng ứng dụng, kênh dành riêng cho trẻ em; tắt tự động phát video tiếp theo.
- Đặt hẹn giờ; không cho con dùng thiết bị trong bữa ăn và trước giờ ngủ.
- Khóa mua hàng trong ứng dụng.
## Giữ kín thông tin của con
Không đăng ảnh con khỏa thân, ảnh kèm tên trường, lớp, địa chỉ. Hỏi ý kiến cha mẹ khác trước khi đăng ảnh có con của họ.
## Dạy con ba điều đơn giản
Thấy hình ảnh làm con sợ thì gọi bố mẹ; không bấm vào quảng cáo; không nói chuyện với người lạ qua điện thoại. Khi cần giúp đỡ: gọi **111**.""",
        "help",
    ),
]
