// repoview web report: live progress of a running review (server-sent events).
"use strict";
document.addEventListener("DOMContentLoaded", () => {
  const job = document.getElementById("job");
  if (!job) return;
  const status = document.getElementById("status");
  const progress = document.getElementById("progress");
  const log = document.getElementById("log");
  const source = new EventSource(job.dataset.events);
  const note = (text) => {
    const li = document.createElement("li");
    li.textContent = text;
    log.appendChild(li);
  };
  source.addEventListener("status", (e) => {
    const data = JSON.parse(e.data);
    status.textContent = data.message;
    note(data.message);
  });
  source.addEventListener("progress", (e) => {
    const data = JSON.parse(e.data);
    status.textContent = "The model is answering…";
    progress.textContent = `${data.chars.toLocaleString()} characters received, ${data.seconds} s`;
  });
  source.addEventListener("done", (e) => {
    const data = JSON.parse(e.data);
    source.close();
    status.textContent = "Done: opening the report…";
    window.location.assign(data.url);
  });
  source.addEventListener("failed", (e) => {
    const data = JSON.parse(e.data);
    source.close();
    status.textContent = "The review failed: " + data.message;
    status.setAttribute("role", "alert");
  });
});
