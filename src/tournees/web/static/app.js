// Progress of a planning run: the best cost found so far, streamed by the server (server-sent events).
document.addEventListener("DOMContentLoaded", () => {
  const box = document.getElementById("progress");
  if (!box) return;
  const bar = document.getElementById("bar");
  const best = document.getElementById("best");
  const source = new EventSource(box.dataset.events);
  source.onmessage = (event) => {
    const snap = JSON.parse(event.data);
    bar.value = snap.pct;
    const queued = document.getElementById("queued");
    queued.textContent = snap.state === "waiting" ? queued.dataset.text.replace("{n}", snap.ahead) : "";
    if (snap.best !== null) {
      best.textContent = best.dataset.text.replace("{cost}", snap.best.toLocaleString()).replace("{t}", snap.at);
    }
    if (snap.state !== "waiting" && snap.state !== "running") {
      source.close();
      window.location.reload();
    }
  };
});
