package planner

// Helpers of the in-package tests, for the tests in package planner_test: those plan the
// designs of plantest, which an in-package test cannot import (plantest imports planner).
var (
	TestPlan      = testPlan
	DS5000        = ds5000
	LinksOf       = linksOf
	DescribeDiags = describeDiags
	HasDiag       = hasDiag
)
