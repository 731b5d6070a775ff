"""Grade one answer against a key from Python: the score per part and every quantity's status."""
import symcheck

problem = symcheck.load_problem("docs/examples/carried_forward.py")
graded = symcheck.grade_file("docs/examples/class/ada.md", problem)
print(graded.score, "/", graded.max_score)
for part in graded.parts:
    print(part.id, part.score, [(item.id, str(item.status), item.found) for item in part.items])
