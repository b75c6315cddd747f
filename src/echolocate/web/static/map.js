// echolocate map: wheel to zoom around the pointer, drag to pan. Our own code, no library.
// It only moves the SVG viewBox the server drew; without JavaScript the zoom and pan links do the same.
(function () {
  "use strict";
  var MAX_ZOOM = 64;

  function setup(svg) {
    var world = svg.getAttribute("data-world").split(" ").map(Number);
    var W = world[2], H = world[3];
    var vb = svg.getAttribute("viewBox").split(" ").map(Number);
    var drag = null;

    function clamp(v) {
      var w = Math.min(Math.max(v[2], W / MAX_ZOOM), W), h = w * H / W;
      var x = Math.min(Math.max(v[0], 0), W - w), y = Math.min(Math.max(v[1], 0), H - h);
      return [x, y, w, h];
    }

    function apply(v) {
      vb = clamp(v);
      svg.setAttribute("viewBox", vb.map(function (n) { return n.toFixed(3); }).join(" "));
      var k = (vb[2] / W).toFixed(5);  // markers keep their size on screen
      svg.classList.toggle("zoomed", W / vb[2] >= 3);  // label every place once zoomed in (worldmap.ZOOMED)
      var marks = svg.querySelectorAll(".m-scale");
      for (var i = 0; i < marks.length; i++) { marks[i].setAttribute("transform", "scale(" + k + ")"); }
    }

    function toSvg(evt) {  // pointer position in viewBox units
      var r = svg.getBoundingClientRect();
      return [vb[0] + (evt.clientX - r.left) / r.width * vb[2], vb[1] + (evt.clientY - r.top) / r.height * vb[3]];
    }

    svg.addEventListener("wheel", function (evt) {
      evt.preventDefault();
      var p = toSvg(evt), f = evt.deltaY < 0 ? 1 / 1.25 : 1.25;
      apply([p[0] - (p[0] - vb[0]) * f, p[1] - (p[1] - vb[1]) * f, vb[2] * f, vb[3] * f]);
    }, {passive: false});

    svg.addEventListener("pointerdown", function (evt) {
      if (evt.button !== 0) { return; }
      drag = {x: evt.clientX, y: evt.clientY, vb: vb.slice(), moved: false, id: evt.pointerId};
    });
    svg.addEventListener("pointermove", function (evt) {
      if (!drag) { return; }
      var dx = evt.clientX - drag.x, dy = evt.clientY - drag.y;
      if (!drag.moved && Math.abs(dx) + Math.abs(dy) < 4) { return; }  // a click on a marker stays a click
      if (!drag.moved) { svg.setPointerCapture(drag.id); svg.classList.add("dragging"); }
      drag.moved = true;
      var r = svg.getBoundingClientRect();
      apply([drag.vb[0] - dx / r.width * drag.vb[2], drag.vb[1] - dy / r.height * drag.vb[3], drag.vb[2], drag.vb[3]]);
    });
    function end() {
      if (drag && drag.moved) {
        svg.classList.remove("dragging");
        // swallow the click that ends a drag, so panning over a marker does not follow its link
        svg.addEventListener("click", function stop(e) { e.preventDefault(); e.stopPropagation(); }, {capture: true, once: true});
      }
      drag = null;
    }
    svg.addEventListener("pointerup", end);
    svg.addEventListener("pointercancel", end);
    svg.addEventListener("dblclick", function (evt) {
      evt.preventDefault();
      var p = toSvg(evt);
      apply([p[0] - (p[0] - vb[0]) / 2, p[1] - (p[1] - vb[1]) / 2, vb[2] / 2, vb[3] / 2]);
    });
    svg.classList.add("interactive");
  }

  function init() {
    var maps = document.querySelectorAll("svg.worldmap[data-world]");
    for (var i = 0; i < maps.length; i++) { setup(maps[i]); }
  }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", init); } else { init(); }
})();
