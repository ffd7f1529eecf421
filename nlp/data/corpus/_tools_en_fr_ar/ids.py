"""Print a few valid DNI/NIE and IBAN values to paste by hand into narratives."""
import random
L = "TRWAGMYFPDXBNJZSQVHLCKE"
def dni(n): return f"{n:08d}{L[n % 23]}"
def nie(p, n): return f"{p}{n:07d}{L[int(str('XYZ'.index(p)) + f'{n:07d}') % 23]}"
def iban(cc, bban):
    s = bban + cc + "00"
    num = int("".join(str(int(c, 36)) for c in s))
    return f"{cc}{98 - num % 97:02d}{bban}"
def group(s): return " ".join(s[i:i+4] for i in range(0, len(s), 4))
r = random.Random(7)
for _ in range(12): print("DNI", dni(r.randrange(10**7, 8*10**7)))
for _ in range(18): print("NIE", nie(r.choice("XYZ"), r.randrange(10**6, 10**7)))
for _ in range(10): print("IBAN", group(iban("ES", "".join(str(r.randrange(10)) for _ in range(20)))))
for _ in range(4): print("IBAN", group(iban("FR", "".join(str(r.randrange(10)) for _ in range(23)))))
for _ in range(4): print("IBAN", group(iban("MA", "".join(str(r.randrange(10)) for _ in range(24)))))
