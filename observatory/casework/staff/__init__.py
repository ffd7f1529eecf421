"""Staff members: sign-in with a second factor, their keys and sessions, and organisation key grants."""
