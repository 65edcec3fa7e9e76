// 筹备会议: 委托人 and 委托情况 are shown when the chosen chair may chair only when entrusted (a deputy) [18][24][25][6].
// Without this script both are always shown; the service refuses a deputy without an entrustment either way.
(function () {
  "use strict";
  document.querySelectorAll("form[data-meeting-form]").forEach(function (form) {
    var box = form.querySelector("[data-entrust]");
    var chair = form.querySelector("select[name=chair]");
    if (!box || !chair) return;
    var deputies = (form.getAttribute("data-needs-entrustment") || "").split(",").filter(Boolean);
    var by = form.querySelector("select[name=entrusted_by]");
    var how = form.querySelector("input[name=entrustment]");
    function update() {
      var filled = (by && by.value) || (how && how.value.trim());
      var needed = deputies.indexOf(chair.value) !== -1;
      box.hidden = !(needed || filled || box.querySelector(".has-error"));
    }
    chair.addEventListener("change", update);
    update();
  });
})();
