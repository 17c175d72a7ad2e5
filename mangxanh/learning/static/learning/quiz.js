// Save each answer as soon as it is chosen (one POST per answer); the buttons stay for no-JS use.
(function () {
  var forms = document.querySelectorAll("form[data-answer]");
  if (!forms.length || !window.fetch) return;
  document.body.classList.add("js-saves");
  forms.forEach(function (form) {
    var status = form.querySelector(".saved");
    form.addEventListener("change", function () {
      var data = new FormData(form);
      if (!data.getAll("choice").length) return;
      status.textContent = "Đang lưu…";
      fetch(form.action, { method: "POST", body: data, headers: { "Accept": "application/json" }, credentials: "same-origin" })
        .then(function (r) { return r.json(); })
        .then(function (j) { status.textContent = j.ok ? "Đã lưu" : j.error; })
        .catch(function () { status.textContent = "Chưa lưu được (mất kết nối). Chọn lại khi có mạng."; document.body.classList.remove("js-saves"); });
    });
  });
  var timer = document.getElementById("timer");
  var left = parseInt(document.querySelector(".timer").dataset.remaining, 10);
  setInterval(function () {
    left = Math.max(0, left - 1);
    timer.textContent = Math.floor(left / 60) + " phút " + (left % 60) + " giây";
    if (left === 0) { location.reload(); }
  }, 1000);
})();
