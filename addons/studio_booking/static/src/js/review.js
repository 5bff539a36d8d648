/* First retouch review: a comment per photo, then confirm or ask for changes. */
(function () {
    var box = document.getElementById("review");
    var base = box.dataset.base;
    function answer(decision) {
        var comments = {};
        document.querySelectorAll(".ph").forEach(function (cell) {
            comments[cell.dataset.id] = cell.querySelector("textarea").value;
        });
        return fetch(base + "/answer", {
            method: "POST",
            headers: {"Content-Type": "application/json"},
            body: JSON.stringify({
                jsonrpc: "2.0",
                method: "call",
                params: {decision: decision, comments: comments, comment: document.getElementById("comment").value},
            }),
        }).then(function (r) { return r.json(); }).then(function (r) {
            var res = r.result || {ok: false, error: r.error ? r.error.message : ""};
            document.getElementById("msg").textContent = res.ok ? "" : res.error;
            if (res.ok) { window.location.reload(); }
            return res;
        });
    }
    var confirmButton = document.getElementById("confirm");
    if (confirmButton) {
        confirmButton.addEventListener("click", function () {
            if (!window.confirm(document.getElementById("confirm_text").textContent)) { return; }
            answer("confirm");
        });
        document.getElementById("changes").addEventListener("click", function () { answer("changes"); });
    }
})();
