"""What the PDF structure checks share: a PDF's objects as qpdf --json
gives them (stream data inline, decoded), its catalog and its pages in
order."""
import base64, json, subprocess


class PdfObjects:
    def __init__(self, path):
        j = json.loads(subprocess.run(
            ["qpdf", "--json", "--json-key=qpdf", "--json-stream-data=inline",
             "--decode-level=generalized", path],
            capture_output=True, text=True).stdout)
        self.o = j["qpdf"][1]
        self.cat = self.val(self.o["trailer"]["value"]["/Root"])
        self.pages = self.page_list(self.cat["/Pages"])

    def val(self, ref):
        v = self.o["obj:" + ref]
        return v["value"] if "value" in v else v["stream"]

    def data(self, ref):
        return base64.b64decode(self.val(ref)["data"])

    def page_list(self, ref):
        out, todo = [], [ref]
        while todo:
            r = todo.pop()
            d = self.val(r)
            if d.get("/Type") == "/Pages":
                todo.extend(reversed(d["/Kids"]))
            else:
                out.append(r)
        return out
