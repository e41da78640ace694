/**
 * Runs once before the workers start. Nothing shared yet: every test file starts
 * its own in-memory engine, so files never see each other's data.
 */
export default function setup() {}
