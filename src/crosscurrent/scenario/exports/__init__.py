"""Per-agency views of the world, each written in the agency's own conventions."""

from crosscurrent.scenario.exports.base import Agency, AgencyExport, FileSpec
from crosscurrent.scenario.exports.be_fp import FederalPoliceBE
from crosscurrent.scenario.exports.de_bpol import FederalPoliceDE
from crosscurrent.scenario.exports.fr_pn import FrenchPolice
from crosscurrent.scenario.exports.it_ps import ItalianPolice
from crosscurrent.scenario.exports.nl_pol import DutchPolice
from crosscurrent.scenario.exports.uk_bsc import BorderSecurityCommand
from crosscurrent.scenario.exports.uk_nca import NationalCrimeAgency

EXPORTS: tuple[type[AgencyExport], ...] = (
    NationalCrimeAgency,
    BorderSecurityCommand,
    ItalianPolice,
    FrenchPolice,
    FederalPoliceBE,
    DutchPolice,
    FederalPoliceDE,
)
"""The seven agencies, in manifest order."""

__all__ = ["EXPORTS", "Agency", "AgencyExport", "FileSpec"]
