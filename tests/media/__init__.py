"""Tests of the media part."""
