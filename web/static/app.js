// repoview web report: the treemap's clicks, the review plan as settings change, the cost
// of one review per model, and live progress of a running review (server-sent events).
"use strict";

const money = (v) => (v === null || v === undefined ? "price unknown" : "$" + v.toFixed(4));
const num = (v) => v.toLocaleString("en-US");
// A plan names tiers by the pack's modes; the page's legend by what they show.
const TIERS = { full: "full text", compressed: "outline", signatures: "signatures", listed: "path only" };

function planUrl(form, extra) {
  const params = new URLSearchParams();
  for (const [k, v] of new FormData(form)) if (k !== "csrf_token") params.set(k, v);
  for (const [k, v] of Object.entries(extra || {})) params.set(k, v);
  return form.dataset.plan + "?" + params.toString();
}

function treemap() {
  const svg = document.querySelector("svg.treemap");
  if (!svg) return;
  const hovered = document.getElementById("hovered");
  const open = (r) => window.location.assign(
    svg.dataset.fileBase + r.dataset.path.split("/").map(encodeURIComponent).join("/") + (svg.dataset.fileQuery || ""));
  const say = (r) => {
    if (hovered) hovered.textContent = `${r.dataset.path}: ${r.querySelector("title").textContent.split(": ").pop()}`;
  };
  svg.addEventListener("click", (e) => {
    const r = e.target.closest("rect.file");
    if (r) open(r);
  });
  svg.addEventListener("keydown", (e) => {
    const r = e.target.closest("rect.file");
    if (r && (e.key === "Enter" || e.key === " ")) { e.preventDefault(); open(r); }
  });
  for (const kind of ["mouseover", "focusin"]) {
    svg.addEventListener(kind, (e) => {
      const r = e.target.closest("rect.file");
      if (r) say(r);
    });
  }
}

function reviewPlan() {
  const form = document.getElementById("review-form");
  if (!form) return;
  const box = document.getElementById("plan");
  let seq = 0;
  const update = async () => {
    const mine = ++seq;
    box.textContent = "Planning…";
    try {
      const resp = await fetch(planUrl(form));
      const data = await resp.json();
      if (mine !== seq) return;
      if (!resp.ok) { box.textContent = data.error; return; }
      const files = Object.entries(data.files).filter(([, n]) => n > 0).map(([m, n]) => `${num(n)} ${TIERS[m] || m}`).join(", ");
      const sure = data.requests - data.optional_requests;
      const requests = data.optional_requests
        ? `${num(sure)}, up to ${num(data.requests)} if the model asks for files` : num(data.requests);
      const rows = [["Model", data.model], ["Requests", requests],
                    ["Input tokens", num(data.input_tokens) + (data.optional_requests ? " if it asks for none" : "")],
                    ["Cost at most", money(data.cost_usd)]];
      if (data.optional_requests && data.cost_without_optional_usd !== null)
        rows.push(["Cost if it asks for none", money(data.cost_without_optional_usd)]);
      rows.push(["Cached share expected", data.cached_share === null ? "unknown (no earlier review with this model)" : Math.round(data.cached_share * 100) + "% (as in the last review)"],
                ["Files", files]);
      for (const note of data.notes) rows.push(["Note", note]);
      box.innerHTML = "";
      const dl = document.createElement("dl");
      for (const [k, v] of rows) {
        const dt = document.createElement("dt"); dt.textContent = k;
        const dd = document.createElement("dd"); dd.textContent = v;
        dd.dataset.field = k.toLowerCase().replace(/ /g, "-");
        dl.append(dt, dd);
      }
      box.appendChild(dl);
    } catch (err) {
      if (mine === seq) box.textContent = "No plan: " + err;
    }
  };
  let timer = null;
  form.addEventListener("input", () => { clearTimeout(timer); timer = setTimeout(update, 400); });
  form.addEventListener("change", () => { clearTimeout(timer); timer = setTimeout(update, 50); });
  update();
}

function modelCosts() {
  const table = document.getElementById("model-costs");
  const button = document.getElementById("estimate-models");
  if (!table || !button) return;
  button.addEventListener("click", () => { button.disabled = true; fillCosts(table); });
  if (table.dataset.auto === "1") { button.hidden = true; fillCosts(table); }
}

async function fillCosts(table) {
  const form = document.getElementById("review-form");
  // One at a time: each estimate packs the repository for that model's window.
  for (const row of table.querySelectorAll("tr[data-model]")) {
    const url = form.dataset.plan + "?" + new URLSearchParams({ task: "architecture", model: row.dataset.model });
    try {
      const resp = await fetch(url);
      const data = await resp.json();
      if (!resp.ok) { row.querySelector(".cost").textContent = data.error; continue; }
      row.querySelector(".requests").textContent = num(data.requests);
      row.querySelector(".tokens").textContent = num(data.input_tokens);
      row.querySelector(".cost").textContent = money(data.cost_usd);
    } catch (err) {
      row.querySelector(".cost").textContent = "n/a";
    }
  }
}

function replan() {
  const select = document.getElementById("plan-model");
  if (select) select.addEventListener("change", () => select.form.submit());
}

function job() {
  const job = document.getElementById("job");
  if (!job) return;
  const status = document.getElementById("status");
  const progress = document.getElementById("progress");
  const log = document.getElementById("log");
  const cancel = document.getElementById("cancel-form");
  log.replaceChildren(); // the stream replays every event, those the page was served with too
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
    if (data.chars === 0) {
      // Nothing of the answer yet: the first byte of a long prompt's answer can take minutes.
      status.textContent = "Waiting for the model…";
      progress.textContent = `${Math.round(data.seconds)} s`;
      return;
    }
    status.textContent = "The model is answering…";
    progress.textContent = `${num(data.chars)} characters received, ${data.seconds} s`;
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
    if (cancel) cancel.remove();
    status.textContent = "The review failed: " + data.message;
    status.setAttribute("role", "alert");
  });
  source.addEventListener("error", () => {
    if (source.readyState === EventSource.CLOSED) status.textContent = "Progress is not shown (too many open review pages?); reload to try again.";
  });
}

document.addEventListener("DOMContentLoaded", () => {
  treemap();
  reviewPlan();
  modelCosts();
  replan();
  job();
});
