"""Tests of the deploy part."""
