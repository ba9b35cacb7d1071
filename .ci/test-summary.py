#!/usr/bin/env python3
"""Adds up every Surefire and Failsafe report of the build into one closing line: 'N passed, N failed, N skipped'."""
import glob
import xml.etree.ElementTree as ET

passed = failed = skipped = 0
for report in glob.glob("**/target/*-reports/TEST-*.xml", recursive=True):
    suite = ET.parse(report).getroot()
    tests = int(suite.get("tests", 0))
    bad = int(suite.get("failures", 0)) + int(suite.get("errors", 0))
    skip = int(suite.get("skipped", 0))
    passed += tests - bad - skip
    failed += bad
    skipped += skip
print(f"{passed} passed, {failed} failed, {skipped} skipped")
