"""What every tessera-cli test case shares: a fresh temporary folder per test, the sample image,
and the check that a user error is exit status 2 with one stderr line naming the values and no
temporary file left behind.

A script sets CliCase.root to the project folder before unittest.main().
"""
import os, tempfile, unittest


class CliCase(unittest.TestCase):
    root = None

    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        self.dir = self.tmp.name
        self.chelsea = os.path.join(self.root, "resources", "chelsea.png")

    def tearDown(self):
        self.tmp.cleanup()

    def path(self, *names):
        return os.path.join(self.dir, *names)

    def assertUserError(self, r, *words):
        self.assertEqual(r.returncode, 2, r.stdout + r.stderr)
        lines = r.stderr.strip().splitlines()
        self.assertEqual(len(lines), 1, r.stderr)
        for w in words:
            self.assertIn(w, lines[0])
        self.assertEqual([f for f in os.listdir(self.dir) if "tmp-" in f], [])
