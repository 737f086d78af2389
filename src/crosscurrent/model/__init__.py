"""The entity model: FollowTheMoney as it ships, plus Crosscurrent's markings."""
