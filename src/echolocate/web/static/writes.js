// echolocate: the write pages (/upload, /outlets). Keeps the start-up token for this browser tab only
// (sessionStorage, never a cookie), shows upload progress, and follows a running analysis job.
// Everything taken from the server is inserted as text (textContent), never as markup.
(function () {
  "use strict";
  var KEY = "echolocate-token";

  function rememberToken() {
    var saved = "";
    try { saved = sessionStorage.getItem(KEY) || ""; } catch (e) { /* storage disabled: type it each time */ }
    document.querySelectorAll("input[name=token]").forEach(function (field) {
      if (!field.value && saved) { field.value = saved; }
      field.addEventListener("change", function () {
        try { sessionStorage.setItem(KEY, field.value); } catch (e) { /* ignore */ }
      });
    });
  }

  function setText(id, value) {
    var el = document.getElementById(id);
    if (el) { el.textContent = value; }
  }

  function fillList(id, lines) {
    var list = document.getElementById(id);
    if (!list) { return; }
    while (list.firstChild) { list.removeChild(list.firstChild); }
    lines.forEach(function (line) {
      var item = document.createElement("li");
      item.textContent = line;
      list.appendChild(item);
    });
  }

  function countLines(c) {
    var lines = [];
    if (c.ingest) {
      lines.push("ingest: " + c.ingest.reports_new + " new report(s), " + c.ingest.reports_duplicate +
                 " duplicate(s), " + c.ingest.rejections + " rejected");
    }
    if (c.read) { lines.push("read: " + c.read.reports_read + " report(s), " + c.read.claims + " claim(s)"); }
    if (c.link) { lines.push("link: " + c.link.links + " re-used passage(s)"); }
    if (c.assess) {
      lines.push("assess: " + (c.assess.reassessed ? c.assess.groups + " claim group(s), " +
                 c.assess.contradictions + " contradiction(s)" : "nothing changed"));
    }
    return lines;
  }

  function showJob(job) {
    var section = document.getElementById("job");
    if (section) { section.setAttribute("data-state", job.state); }
    setText("job-state", job.state);
    setText("job-stage", job.state === "running" && job.stage ? ", stage " + job.stage : "");
    fillList("job-counts", countLines(job.counts || {}));
    fillList("job-rejections", (job.rejections || []).map(function (r) {
      return "rejected " + r.source + ": " + (r.detail || r.reason) + (r.hint ? " (" + r.hint + ")" : "");
    }));
    setText("job-error", job.error ? job.error.message + " (" + job.error.hint + ")" : "");
    var done = document.getElementById("job-done");
    if (done) { done.hidden = job.state !== "done"; }
  }

  function follow(id) {
    fetch("/api/jobs/" + encodeURIComponent(id), { headers: { accept: "application/json" } })
      .then(function (response) { return response.json(); })
      .then(function (job) {
        showJob(job);
        if (job.state === "queued" || job.state === "running") { setTimeout(function () { follow(id); }, 1000); }
      })
      .catch(function () { setTimeout(function () { follow(id); }, 3000); });
  }

  function uploadWithProgress(form) {
    var status = document.getElementById("upload-status");
    var bar = document.getElementById("upload-progress");
    var token = form.querySelector("input[name=token]").value;
    var data = new FormData(form);
    data.delete("token");  // the token travels in the Authorization header only
    var xhr = new XMLHttpRequest();
    xhr.open("POST", "/api/uploads");
    xhr.setRequestHeader("Authorization", "Bearer " + token);
    xhr.setRequestHeader("Accept", "application/json");
    xhr.upload.addEventListener("progress", function (event) {
      if (event.lengthComputable) {
        bar.value = Math.round(100 * event.loaded / event.total);
        setText("upload-message", "uploading: " + bar.value + " %");
      }
    });
    xhr.addEventListener("load", function () {
      var body = null;
      try { body = JSON.parse(xhr.responseText); } catch (e) { body = null; }
      if (xhr.status === 202 && body) {
        bar.value = 100;
        setText("upload-message", "uploaded; analysing as job " + body.job);
        window.location.assign("/upload?job=" + encodeURIComponent(body.job));
      } else {
        var error = body && body.error ? body.error.message + " (" + body.error.hint + ")" : "HTTP " + xhr.status;
        setText("upload-message", "refused: " + error);
      }
    });
    xhr.addEventListener("error", function () { setText("upload-message", "the upload failed: is the server running?"); });
    status.hidden = false;
    bar.value = 0;
    setText("upload-message", "uploading");
    xhr.send(data);
  }

  document.addEventListener("DOMContentLoaded", function () {
    rememberToken();
    var form = document.getElementById("upload-form");
    if (form && window.FormData && window.XMLHttpRequest) {
      form.addEventListener("submit", function (event) {
        event.preventDefault();
        uploadWithProgress(form);
      });
    }
    var job = document.getElementById("job");
    if (job) {
      var state = job.getAttribute("data-state");
      if (state === "queued" || state === "running") { follow(job.getAttribute("data-job")); }
    }
  });
}());
