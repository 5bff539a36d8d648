/* Photo selection gallery: tap to choose, favourite, comment, submit. */
(function () {
    var box = document.getElementById("gallery");
    var base = box.dataset.base;
    var locked = box.dataset.locked === "1";
    function rpc(path, params) {
        return fetch(base + path, {
            method: "POST",
            headers: {"Content-Type": "application/json"},
            body: JSON.stringify({jsonrpc: "2.0", method: "call", params: params || {}}),
        }).then(function (r) { return r.json(); }).then(function (r) {
            if (r.error) { throw new Error(r.error.data ? r.error.data.message : r.error.message); }
            return r.result;
        });
    }
    function show(res) {
        document.getElementById("counter").textContent = res.selected;
        document.getElementById("extra_count").textContent = res.extra;
        document.getElementById("extra").style.display = res.extra ? "" : "none";
        document.getElementById("counter").className = "counter" + (res.extra ? " over" : "");
        document.getElementById("msg").textContent = res.ok === false ? res.error : "";
    }
    document.querySelectorAll(".ph").forEach(function (cell) {
        var id = parseInt(cell.dataset.id, 10);
        cell.querySelector("img").addEventListener("click", function () {
            if (locked) { window.open(this.dataset.preview, "_blank"); return; }
            var on = !cell.classList.contains("sel");
            rpc("/toggle", {photo_id: id, selected: on}).then(function (res) {
                if (res.ok) { cell.classList.toggle("sel", on); }
                show(res);
            });
        });
        cell.querySelector(".fav").addEventListener("click", function () {
            if (locked) { return; }
            var on = !cell.classList.contains("favourite");
            rpc("/toggle", {photo_id: id, favourite: on}).then(function (res) {
                if (res.ok) { cell.classList.toggle("favourite", on); }
                show(res);
            });
        });
        cell.querySelector(".cmt").addEventListener("click", function () {
            if (locked) { return; }
            var text = window.prompt("", this.dataset.comment || "");
            if (text === null) { return; }
            var button = this;
            rpc("/toggle", {photo_id: id, comment: text}).then(function (res) {
                if (res.ok) { button.dataset.comment = text; }
                show(res);
            });
        });
    });
    var submit = document.getElementById("submit");
    if (submit) {
        submit.addEventListener("click", function () {
            if (!window.confirm(document.getElementById("confirm_text").textContent)) { return; }
            rpc("/submit").then(function (res) {
                show(res);
                if (res.ok) { window.location.reload(); }
            });
        });
    }
})();
                
