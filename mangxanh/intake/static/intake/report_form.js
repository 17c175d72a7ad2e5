// Public report form, progressive enhancement of a form that works without JavaScript:
// one step at a time, a check-your-answers step before sending, the error summary takes focus,
// the school picker announces its results and keeps focus.
(function () {
  var form = document.getElementById("report-form");
  if (!form) return;

  // Contact fields only while "leave contact details" is chosen; a disabled fieldset sends nothing.
  var box = document.getElementById("contact-fields");
  function syncContact() {
    var chosen = form.querySelector("input[name=anonymous]:checked");
    var show = chosen && chosen.value === "no";
    box.hidden = !show; box.disabled = !show;
  }
  form.querySelectorAll("input[name=anonymous]").forEach(function (r) { r.addEventListener("change", syncContact); });
  // Keep fields visible if the server pointed out a conflict in them, so nothing typed is hidden.
  if (!document.querySelector("#anonymity .error-message")) syncContact();

  // Errors from the server: the whole form stays on one page and the summary takes focus.
  var summary = document.getElementById("error-summary");
  // (error_summary.js gives it focus.)
  if (!summary) steps();

  function steps() {
    var sections = Array.prototype.slice.call(form.querySelectorAll("section.step"));
    var check = document.getElementById("step-check");
    var end = document.getElementById("form-end");
    var current = 0;
    form.classList.add("js-steps");
    sections.forEach(function (section, i) {
      section.setAttribute("tabindex", "-1");
      var progress = document.createElement("p");
      progress.className = "step-progress";
      progress.textContent = "Bước " + (i + 1) + " trên " + sections.length;
      section.insertBefore(progress, section.firstChild);
      if (section === check) return;
      var nav = document.createElement("div");
      nav.className = "step-nav";
      nav.appendChild(button("Tiếp tục", "btn", function () { next(i); }));
      if (i > 0) nav.appendChild(button("Quay lại", "btn secondary", function () { show(i - 1); }));
      section.appendChild(nav);
    });
    var back = button("Quay lại", "btn secondary", function () { show(sections.length - 2); });
    end.appendChild(back);
    // Enter in a text box moves on instead of sending half a report.
    form.addEventListener("submit", function (e) {
      if (current !== sections.length - 1) { e.preventDefault(); if (e.target === form) next(current); }
    });
    form.addEventListener("keydown", function (e) {
      if (e.key === "Enter" && e.target.id === "unit-q") e.preventDefault();
    });
    show(0, true);

    function show(i, first) {
      if (sections[i] === check) fillCheck();
      sections.forEach(function (s, j) { s.hidden = j !== i; });
      end.hidden = sections[i] !== check;
      current = i;
      if (!first) { sections[i].focus(); sections[i].scrollIntoView(); }
    }
    function next(i) {
      if (i === 0 && !valid()) return;
      show(i + 1);
    }
    function valid() {
      var text = document.getElementById("id_description");
      var old = document.getElementById("id_description_error");
      if (text.value.trim()) {
        if (old) old.remove();
        text.removeAttribute("aria-invalid");
        text.setAttribute("aria-describedby", "id_description_hint");
        return true;
      }
      if (!old) {
        old = document.createElement("p");
        old.className = "error-message"; old.id = "id_description_error";
        old.textContent = "«" + document.querySelector("label[for=id_description]").textContent + "»: không được để trống.";
        text.parentNode.insertBefore(old, text);
      }
      text.setAttribute("aria-invalid", "true");
      text.setAttribute("aria-describedby", "id_description_hint id_description_error");
      text.focus();
      return false;
    }
    function fillCheck() {
      var list = document.getElementById("check-answers");
      list.textContent = "";
      sections.forEach(function (section, i) {
        if (section === check) return;
        section.querySelectorAll("fieldset.question").forEach(function (q) {
          if (q.disabled || q.hidden) return;
          var row = document.createElement("div");
          var dt = document.createElement("dt");
          dt.textContent = shortLabel(q.querySelector("legend").textContent);
          var dd = document.createElement("dd");
          dd.textContent = answer(q);
          var edit = button("Sửa", "btn secondary", function () {
            show(i);
            var field = q.querySelector("textarea, input:not([type=hidden])");
            if (field) field.focus();
          });
          edit.setAttribute("aria-label", "Sửa: " + dt.textContent);
          var change = document.createElement("dd");
          change.className = "change";
          change.appendChild(edit);
          row.appendChild(dt); row.appendChild(dd); row.appendChild(change);
          list.appendChild(row);
        });
      });
    }
  }

  function answer(q) {
    // The chosen unit alone: «Đã chọn: …» is the live hint next to the search, not an answer.
    if (q.querySelector("#unit-chosen")) {
      var chosen = document.getElementById("unit-chosen").textContent.trim();
      return chosen.indexOf("Đã chọn:") === 0 ? chosen.slice("Đã chọn:".length).trim() : "Bỏ trống";
    }
    var parts = [];
    q.querySelectorAll("input, textarea").forEach(function (field) {
      if (field.closest("fieldset") !== q) return;
      if (field.type === "checkbox" || field.type === "radio") {
        if (field.checked) parts.push(labelOf(field));
      } else if (field.type === "file") {
        Array.prototype.forEach.call(field.files || [], function (f) { parts.push(f.name); });
      } else if (field.type !== "hidden" && field.type !== "search" && field.value.trim()) {
        parts.push(field.value.trim());
      }
    });
    if (parts.length) return parts.join("\n");
    if (q.querySelector("input[name=categories]")) return "Chưa rõ: cán bộ sẽ phân loại giúp bạn";
    if (q.querySelector("input[name=in_danger]")) return "Không";
    return "Bỏ trống";
  }
  // The question alone, without the helper in brackets («(nếu biết)», «(chỉ khi bạn chọn …)»).
  function shortLabel(text) {
    return text.trim().replace(/\s*\([^()]*\)$/, "");
  }
  function labelOf(field) {
    var label = form.querySelector("label[for='" + field.id + "']");
    return label ? label.textContent.trim() : field.value;
  }
  function button(text, cls, onClick) {
    var b = document.createElement("button");
    b.type = "button"; b.className = cls; b.textContent = text;
    b.addEventListener("click", onClick);
    return b;
  }
})();

// School picker: say how many were found, and keep focus in the search box when one is picked.
(function () {
  var results = document.getElementById("unit-results");
  if (!results) return;
  var status = document.getElementById("unit-status");
  var find = document.getElementById("unit-find");
  if (find) find.remove();  // the list updates as one types (and Enter must not press a hidden «Tìm»)
  results.addEventListener("htmx:afterSwap", function () {
    var box = results.querySelector("[data-count]");
    var count = box ? Number(box.dataset.count) : 0;
    if (!box || box.dataset.query.length < 2) { status.textContent = ""; return; }
    status.textContent = count ? "Tìm thấy " + count + " đơn vị; trường học đứng trước. Dùng phím Tab để chọn."
      : "Không tìm thấy đơn vị nào.";
  });
  results.addEventListener("click", function (e) {
    var b = e.target.closest("[data-unit-id]"); if (!b) return;
    e.preventDefault();
    document.getElementById("id_unit").value = b.dataset.unitId;
    document.getElementById("unit-chosen").textContent = "Đã chọn: " + b.dataset.unitName;
    results.textContent = "";
    status.textContent = "";
    document.getElementById("unit-q").focus();
  });
})();
