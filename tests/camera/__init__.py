"""Tests of the camera part."""
