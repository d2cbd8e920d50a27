#!/usr/bin/python3
"""Opens an XHTML file of an unpacked EPUB in WebKitGTK (gir1.2-webkit2-4.1,
the engine of Foliate and, as WebKit, of Apple Books) at a given width,
writes a PNG snapshot of what it draws and prints, as JSON, what the
engine says it supports and the box of every character it laid out:

    webkit_snap.py FILE.xhtml WIDTH OUT.png > chars.json

Run under xvfb-run with the system Python (python3-gi)."""
import json, sys

import gi
gi.require_version("Gtk", "3.0")
gi.require_version("WebKit2", "4.1")
from gi.repository import Gtk, GLib, WebKit2  # noqa: E402

JS = r"""
(function () {
  var out = [], w = document.createTreeWalker(document.body,
      NodeFilter.SHOW_TEXT, null);
  var r = document.createRange(), n, blocks = new Map();
  // The block a character is in (a table cell, a paragraph): characters
  // of two cells side by side are on one line of boxes, not of text.
  function block(e) {
    while (e && e.parentNode && getComputedStyle(e).display.indexOf(
        "inline") == 0)
      e = e.parentNode;
    if (!blocks.has(e))
      blocks.set(e, blocks.size);
    return blocks.get(e);
  }
  while ((n = w.nextNode())) {
    var s = n.data;
    for (var i = 0; i < s.length; i++) {
      var j = i + ((s.charCodeAt(i) & 0xFC00) == 0xD800 ? 2 : 1);
      r.setStart(n, i); r.setEnd(n, j);
      // At a line's start the range has an empty box at the end of
      // the line before too: the widest is the character's.
      var bs = r.getClientRects(), b = null;
      for (var k = 0; k < bs.length; k++)
        if (!b || bs[k].width > b.width)
          b = bs[k];
      if (b && b.width > 0)
        out.push([s.substring(i, j), b.left, b.top, b.width, b.height,
                  parseFloat(getComputedStyle(n.parentNode).fontSize),
                  block(n.parentNode)]);
      i = j - 1;
    }
  }
  return JSON.stringify({
    autospace: CSS.supports("text-autospace", "normal"),
    trim: CSS.supports("text-spacing-trim", "normal"),
    width: document.documentElement.clientWidth,
    scroll_width: document.documentElement.scrollWidth,
    height: document.documentElement.scrollHeight,
    chars: out});
})()
"""


def main():
    path, width, png = sys.argv[1], int(sys.argv[2]), sys.argv[3]
    win = Gtk.OffscreenWindow()
    view = WebKit2.WebView()
    view.set_size_request(width, 900)
    win.add(view)
    win.show_all()
    result = {}

    def snapped(v, res):
        surf = v.get_snapshot_finish(res)
        surf.write_to_png(png)
        Gtk.main_quit()

    def evaluated(v, res):
        val = v.evaluate_javascript_finish(res)
        result["json"] = val.to_string()
        v.get_snapshot(WebKit2.SnapshotRegion.FULL_DOCUMENT,
                       WebKit2.SnapshotOptions.NONE, None, snapped)

    def loaded(v, ev):
        if ev == WebKit2.LoadEvent.FINISHED:
            # Web fonts load after the document: give them a moment.
            GLib.timeout_add(1500, lambda: v.evaluate_javascript(
                JS, -1, None, None, None, evaluated) and False)

    view.connect("load-changed", loaded)
    view.load_uri(GLib.filename_to_uri(path, None))
    GLib.timeout_add_seconds(60, Gtk.main_quit)
    Gtk.main()
    print(result.get("json", "{}"))


main()
