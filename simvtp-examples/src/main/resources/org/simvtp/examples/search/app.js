// The search page: asks /api/search, shows the hits, plays a clicked hit from its start.
"use strict";

const form = document.getElementById("search");
const query = document.getElementById("q");
const status = document.getElementById("status");
const list = document.getElementById("hits");
const playerBox = document.getElementById("player-box");
const player = document.getElementById("player");
const playerCaption = document.getElementById("player-caption");

function seconds(s) {
  return s.toFixed(1) + " s";
}

function rangeText(hit) {
  return hit.end > hit.start ? seconds(hit.start) + " – " + seconds(hit.end) : "whole video";
}

function show(message, isError) {
  status.textContent = message;
  status.className = isError ? "error" : "";
}

function play(hit) {
  player.src = hit.src;
  playerCaption.textContent = hit.video + " · " + rangeText(hit) + " · score " + hit.score.toFixed(3);
  playerBox.style.display = "block";
  player.play().catch(() => {});
}

function card(hit) {
  const item = document.createElement("li");
  item.className = "hit";
  item.tabIndex = 0;
  item.dataset.src = hit.src;
  const img = document.createElement("img");
  img.src = hit.thumb;
  img.alt = hit.name;
  const meta = document.createElement("div");
  meta.className = "meta";
  for (const [cls, text] of [["name", hit.name], ["range", rangeText(hit)], ["score", "score " + hit.score.toFixed(3)]]) {
    const div = document.createElement("div");
    div.className = cls;
    div.textContent = text;
    meta.appendChild(div);
  }
  item.append(img, meta);
  item.addEventListener("click", () => play(hit));
  item.addEventListener("keydown", (e) => { if (e.key === "Enter") play(hit); });
  return item;
}

async function search(text) {
  show("Searching…", false);
  list.replaceChildren();
  const response = await fetch("/api/search?k=12&q=" + encodeURIComponent(text));
  const body = await response.json();
  if (!response.ok) {
    show(body.error || "search failed (" + response.status + ")", true);
    return;
  }
  show(body.hits.length + " results for “" + body.query + "”", false);
  list.replaceChildren(...body.hits.map(card));
  history.replaceState(null, "", "?q=" + encodeURIComponent(text));
}

form.addEventListener("submit", (e) => {
  e.preventDefault();
  search(query.value).catch((err) => show("search failed: " + err, true));
});

const initial = new URLSearchParams(location.search).get("q");
if (initial) {
  query.value = initial;
  search(initial).catch((err) => show("search failed: " + err, true));
}
