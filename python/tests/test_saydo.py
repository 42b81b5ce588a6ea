"""Tests of the Python binding (python/saydo), run by make test-python
(part of make check): python3 -m unittest discover -s python/tests."""

import json
import os
import subprocess
import sys
import unittest

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))

import saydo  # noqa: E402

TREE = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


class BindingTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.coder = saydo.Coder()

    @classmethod
    def tearDownClass(cls):
        cls.coder.close()

    def test_version(self):
        self.assertEqual(saydo.version(), "0.1.0")

    def test_code_returns_event_records(self):
        events = saydo.code("Kenyan police arrested dozens of protesters in Nairobi.",
                            date="2024-06-25")
        self.assertTrue(events)
        e = events[0]
        self.assertEqual(e["source"], "KENCOP")
        self.assertEqual(e["cameo"][:2], "17")
        self.assertEqual(e["date"], "2024-06-25")
        self.assertEqual(e["location"]["country"], "KEN")
        self.assertIsNone(e["event_id"])  # not stored
        self.assertIn(e["mood"], ("asserted", "intended", "reported", "denied"))

    def test_same_as_the_cli(self):
        """The binding's records are the ones 'saydo code' writes."""
        saydo_bin = os.path.join(TREE, "build", "saydo")
        if not os.path.exists(saydo_bin):
            self.skipTest("no build/saydo")
        text = "Russia condemned the missile strike on Kyiv. Ukraine thanked Poland for its aid."
        line = json.dumps({"id": "same", "date": "2024-02-01", "text": text})
        out = subprocess.run([saydo_bin, "code", "--quiet", "--input", "jsonl", "-"],
                             input=line, capture_output=True, text=True, check=True).stdout
        cli = [json.loads(x) for x in out.splitlines() if x]
        # the CLI's JSON Lines article is its title, a blank line and the text
        mine = self.coder.code(text, date="2024-02-01", id="same")
        self.assertEqual([(e["source"], e["cameo"], e["target"]) for e in mine],
                         [(e["source"], e["cameo"], e["target"]) for e in cli])

    def test_stream_many_articles_with_one_coder(self):
        texts = ["Russia condemned the strike on Kyiv.",
                 "No one did anything to anyone.",
                 "France and Germany signed a trade agreement."] * 20
        counts = [len(self.coder.code(t, date="2023-05-01", id="a%d" % i))
                  for i, t in enumerate(texts)]
        self.assertEqual(len(counts), 60)
        self.assertEqual(counts[1], 0)
        self.assertTrue(counts[0] > 0 and counts[2] > 0)
        self.assertEqual(counts[:3] * 20, counts)

    def test_unicode_and_empty(self):
        self.assertEqual(self.coder.code("Égypte, été.", date="2023-01-01"), [])
        with self.assertRaises(saydo.SaydoError):
            self.coder.code("", date="2023-01-01")

    def test_bad_date(self):
        with self.assertRaises(saydo.SaydoError):
            self.coder.code("Russia condemned the strike.", date="2023-02-30")

    def test_closed_coder(self):
        c = saydo.Coder()
        c.close()
        c.close()
        with self.assertRaises(ValueError):
            c.code("Russia condemned the strike.")


if __name__ == "__main__":
    unittest.main()
