"""Regulatory and service clocks: deadlines declared as data, counted in business calendars.

A :class:`Clock` starts, stops, pauses, restarts or is extended on events and
states of a case's history, and runs for a :class:`Duration` counted in a
:class:`BusinessCalendar` (time zone, working hours, weekend, public holidays
from the ``holidays`` package). :func:`clock_status` and
:func:`clock_set_status` compute where each clock stands from the history and
an ``as_of`` time; :func:`sweep` turns the statuses of many cases into actions
for a scheduler. Built-in sets: :func:`fca_disp_clocks`,
:func:`fca_disp_payment_services_clocks`, :func:`cfpb_clocks` and
:func:`service_level_clocks`.
"""

from custrecovery.clocks._builtin import DEFAULT_SERVICE_LEVELS
from custrecovery.clocks._builtin import HOLDING_REPLY_EVENTS
from custrecovery.clocks._builtin import UPDATE_EVENTS
from custrecovery.clocks._builtin import ServiceLevel
from custrecovery.clocks._builtin import cfpb_clocks
from custrecovery.clocks._builtin import fca_disp_clocks
from custrecovery.clocks._builtin import fca_disp_payment_services_clocks
from custrecovery.clocks._builtin import service_level_clocks
from custrecovery.clocks._builtin import service_level_sets
from custrecovery.clocks._builtin import severity_of
from custrecovery.clocks._calendar import BusinessCalendar
from custrecovery.clocks._declaration import Clock
from custrecovery.clocks._declaration import ClockSet
from custrecovery.clocks._declaration import Duration
from custrecovery.clocks._declaration import Extension
from custrecovery.clocks._declaration import Trigger
from custrecovery.clocks._declaration import Unit
from custrecovery.clocks._notices import FOS_WEBSITE
from custrecovery.clocks._notices import acknowledgement_text
from custrecovery.clocks._notices import delay_text
from custrecovery.clocks._notices import describe_due
from custrecovery.clocks._notices import final_response_text
from custrecovery.clocks._notices import summary_resolution_text
from custrecovery.clocks._plugins import CollectedClockSets
from custrecovery.clocks._plugins import collect_clock_sets
from custrecovery.clocks._status import ClockStatus
from custrecovery.clocks._status import Pause
from custrecovery.clocks._status import Phase
from custrecovery.clocks._sweep import ActionKind
from custrecovery.clocks._sweep import ClockAction
from custrecovery.clocks._sweep import actions_for
from custrecovery.clocks._sweep import sweep
from custrecovery.clocks._walk import clock_set_status
from custrecovery.clocks._walk import clock_status
from custrecovery.clocks._walk import deadline

__all__ = [
    "ActionKind",
    "BusinessCalendar",
    "Clock",
    "ClockAction",
    "ClockSet",
    "ClockStatus",
    "CollectedClockSets",
    "DEFAULT_SERVICE_LEVELS",
    "Duration",
    "Extension",
    "FOS_WEBSITE",
    "HOLDING_REPLY_EVENTS",
    "Pause",
    "Phase",
    "ServiceLevel",
    "Trigger",
    "UPDATE_EVENTS",
    "Unit",
    "acknowledgement_text",
    "actions_for",
    "cfpb_clocks",
    "clock_set_status",
    "clock_status",
    "collect_clock_sets",
    "deadline",
    "delay_text",
    "describe_due",
    "fca_disp_clocks",
    "fca_disp_payment_services_clocks",
    "final_response_text",
    "service_level_clocks",
    "service_level_sets",
    "severity_of",
    "summary_resolution_text",
    "sweep",
]
