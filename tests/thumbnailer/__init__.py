"""Tests of the thumbnailer part."""
