"""Tests of the sdb command, run as a subprocess against real servers on free ports."""
