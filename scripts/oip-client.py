#!/usr/bin/env python3
"""Open Inference Protocol requests for `film4j serve`, from a CLEVR-format split (docs/serving.md).

  oip-client.py bodies --data test-data --split val --count 1000 --out /tmp/oip
      writes 0.json ... 999.json, one (image, question) pair each, for scripts/oip-load.lua (wrk)
  oip-client.py compare --data test-data --split val --predictions predictions.jsonl \
      --url http://127.0.0.1:8080/v2/models/small/infer
      asks every question (one request per image, with its questions) and counts the answers
      equal to `film4j predict`'s
"""
import argparse
import base64
import json
import pathlib
import sys
import urllib.request


def questions(data, split):
    path = pathlib.Path(data) / "questions" / f"CLEVR_{split}_questions.json"
    return json.loads(path.read_text())["questions"]


def image_base64(data, split, name):
    return base64.b64encode((pathlib.Path(data) / "images" / split / name).read_bytes()).decode()


def request(image, texts):
    return {"inputs": [
        {"name": "image", "datatype": "BYTES", "shape": [1], "data": [image]},
        {"name": "question", "datatype": "BYTES", "shape": [len(texts)], "data": texts}]}


def bodies(args):
    out = pathlib.Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    images = {}
    chosen = questions(args.data, args.split)[:args.count]
    for i, q in enumerate(chosen):
        name = q["image_filename"]
        if name not in images:
            images[name] = image_base64(args.data, args.split, name)
        (out / f"{i}.json").write_text(json.dumps(request(images[name], [q["question"]])))
    print(f"{len(chosen)} request bodies about {len(images)} images in {out}")


def compare(args):
    asked = questions(args.data, args.split)
    predicted = [json.loads(line)["answer"] for line in open(args.predictions)]
    served = []
    start = 0
    while start < len(asked):
        end = start
        while end < len(asked) and asked[end]["image_filename"] == asked[start]["image_filename"]:
            end += 1
        body = request(image_base64(args.data, args.split, asked[start]["image_filename"]),
                       [q["question"] for q in asked[start:end]])
        post = urllib.request.Request(args.url, json.dumps(body).encode(),
                                      {"Content-Type": "application/json"})
        outputs = json.load(urllib.request.urlopen(post))["outputs"]
        served += next(o["data"] for o in outputs if o["name"] == "answer")
        start = end
    equal = sum(p == s for p, s in zip(predicted, served))
    print(f"{equal} of {len(asked)} answers equal predict's ({len(predicted)} predictions)")
    return 0 if equal == len(asked) == len(predicted) else 1


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)
    for name in ("bodies", "compare"):
        command = commands.add_parser(name)
        command.add_argument("--data", required=True)
        command.add_argument("--split", required=True)
    commands.choices["bodies"].add_argument("--count", type=int, default=1000)
    commands.choices["bodies"].add_argument("--out", required=True)
    commands.choices["compare"].add_argument("--predictions", required=True)
    commands.choices["compare"].add_argument(
        "--url", default="http://127.0.0.1:8080/v2/models/small/infer")
    args = parser.parse_args()
    return bodies(args) if args.command == "bodies" else compare(args)


if __name__ == "__main__":
    sys.exit(main() or 0)
