"""Camera access: who a camera is, how to reach it, and the SSH client that reads its card."""
