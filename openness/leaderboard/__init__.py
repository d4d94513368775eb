"""The registry as a leaderboard: every entry's level and license, as markdown or one static HTML page."""
