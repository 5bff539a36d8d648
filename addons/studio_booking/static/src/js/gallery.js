/* Photo selection gallery: tap a photo to see it large, choose it (there or with its
   round button), favourite, comment, see the running total of extra photos, submit. */
(function () {
    var box = document.getElementById("gallery");
    var base = box.dataset.base;
    var locked = box.dataset.locked === "1";
    var cells = Array.prototype.slice.call(document.querySelectorAll(".ph"));
    var viewer = document.getElementById("viewer");
    var current = -1;
    var extraText = "";
    function $(id) { return document.getElementById(id); }
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
        if (res.selected !== undefined) {
            $("counter").textContent = res.selected;
            $("extra_count").textContent = res.extra;
            $("extra_total").textContent = res.extra_amount_text || "";
            $("extra").style.display = res.extra ? "" : "none";
            $("counter").className = "counter" + (res.extra ? " over" : "");
            extraText = res.extra ? $("extra").textContent : "";
        }
        $("msg").textContent = res.ok === false ? res.error : "";
        refreshViewer();
    }
    function toggle(cell, params, cls, on) {
        params.photo_id = parseInt(cell.dataset.id, 10);
        return rpc("/toggle", params).then(function (res) {
            if (res.ok && cls) { cell.classList.toggle(cls, on); }
            show(res);
            return res;
        }).catch(function (error) {
            $("msg").textContent = error.message;
            return {ok: false};
        });
    }
    function choose(cell) {
        if (locked) { return; }
        var on = !cell.classList.contains("sel");
        toggle(cell, {selected: on}, "sel", on);
    }
    function favourite(cell) {
        if (locked) { return; }
        var on = !cell.classList.contains("favourite");
        toggle(cell, {favourite: on}, "favourite", on);
    }
    // the enlarged view
    function refreshViewer() {
        if (current < 0 || viewer.hidden) { return; }
        var cell = cells[current];
        var img = cell.querySelector("img");
        $("viewer_name").textContent = img.alt;
        $("viewer_pos").textContent = (current + 1) + " / " + cells.length;
        var pick = $("viewer_pick");
        if (pick) {
            var chosen = cell.classList.contains("sel");
            pick.textContent = $(chosen ? "label_chosen" : "label_choose").textContent;
            pick.classList.toggle("on", chosen);
            $("viewer_fav").classList.toggle("on", cell.classList.contains("favourite"));
            $("viewer_extra").textContent = extraText;
        }
    }
    function open(index) {
        current = (index + cells.length) % cells.length;
        var cell = cells[current];
        $("viewer_img").src = cell.querySelector("img").dataset.preview;
        var comment = $("viewer_comment");
        if (comment) { comment.value = cell.querySelector(".cmt").dataset.comment || ""; }
        viewer.hidden = false;
        document.body.style.overflow = "hidden";
        refreshViewer();
    }
    function close() {
        viewer.hidden = true;
        document.body.style.overflow = "";
        current = -1;
    }
    extraText = $("extra").style.display === "none" ? "" : $("extra").textContent;
    cells.forEach(function (cell, index) {
        cell.querySelector("img").addEventListener("click", function () { open(index); });
        var pick = cell.querySelector(".pick");
        if (pick) { pick.addEventListener("click", function () { choose(cell); }); }
        cell.querySelector(".fav").addEventListener("click", function () { favourite(cell); });
        cell.querySelector(".cmt").addEventListener("click", function () {
            open(index);
            var comment = $("viewer_comment");
            if (comment) { comment.focus(); }
        });
    });
    $("viewer_close").addEventListener("click", close);
    $("viewer_prev").addEventListener("click", function () { open(current - 1); });
    $("viewer_next").addEventListener("click", function () { open(current + 1); });
    document.addEventListener("keydown", function (ev) {
        if (viewer.hidden) { return; }
        if (ev.key === "Escape") { close(); }
        if (ev.key === "ArrowLeft") { open(current - 1); }
        if (ev.key === "ArrowRight") { open(current + 1); }
    });
    // swipe left / right on a phone
    var touchX = null;
    viewer.addEventListener("touchstart", function (ev) { touchX = ev.touches[0].clientX; }, {passive: true});
    viewer.addEventListener("touchend", function (ev) {
        if (touchX === null) { return; }
        var dx = ev.changedTouches[0].clientX - touchX;
        touchX = null;
        if (Math.abs(dx) > 50) { open(current + (dx < 0 ? 1 : -1)); }
    });
    if ($("viewer_pick")) {
        $("viewer_pick").addEventListener("click", function () { choose(cells[current]); });
        $("viewer_fav").addEventListener("click", function () { favourite(cells[current]); });
        $("viewer_save").addEventListener("click", function () {
            var cell = cells[current];
            var text = $("viewer_comment").value;
            toggle(cell, {comment: text}).then(function (res) {
                if (res.ok) { cell.querySelector(".cmt").dataset.comment = text; }
            });
        });
    }
    var submit = $("submit");
    if (submit) {
        submit.addEventListener("click", function () {
            if (!window.confirm($("confirm_text").textContent)) { return; }
            rpc("/submit").then(function (res) {
                show(res);
                if (res.ok) { window.location.reload(); }
            });
        });
    }
})();
