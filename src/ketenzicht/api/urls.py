from django.urls import include, path
from drf_spectacular.views import SpectacularJSONAPIView

from ketenzicht.care import api as care_api
from ketenzicht.cases import api as cases_api
from ketenzicht.cases import directory_api
from ketenzicht.insights import api as insights_api
from ketenzicht.intake import acute_api
from ketenzicht.intake import api as intake_api
from ketenzicht.regions import api as regions_api

from . import reference

urlpatterns = [
    path("openapi.json", SpectacularJSONAPIView.as_view(authentication_classes=[], permission_classes=[]),
         name="openapi"),
    path("public/signals", intake_api.PublicSignalsView.as_view(), name="public-signals"),
    path("public/signals/<str:receipt_code>", intake_api.PublicSignalStatusView.as_view(), name="public-signal"),
    path("signals", intake_api.SignalsView.as_view(), name="signals"),
    path("signals/<uuid:pk>", intake_api.SignalView.as_view(), name="signal"),
    path("signals/<uuid:pk>/transitions", intake_api.SignalTransitionsView.as_view(), name="signal-transitions"),
    path("signals/<uuid:pk>/feedback", intake_api.SignalFeedbackView.as_view(), name="signal-feedback"),
    path("signals/<uuid:pk>/notes", intake_api.SignalNotesView.as_view(), name="signal-notes"),
    path("signals/<uuid:pk>/acute-route", acute_api.AcuteRouteView.as_view(), name="signal-acute-route"),
    path("signals/<uuid:pk>/care-call-in", acute_api.CareCallInView.as_view(), name="signal-care-call-in"),
    path("municipalities", regions_api.MunicipalitiesView.as_view(), name="municipalities"),
    path("reference", reference.ReferenceListsView.as_view(), name="reference"),
    path("reference/<slug:name>", reference.ReferenceView.as_view(), name="reference-list"),
    path("cases", cases_api.CasesView.as_view(), name="cases"),
    path("cases/<uuid:pk>", cases_api.CaseView.as_view(), name="case"),
    path("cases/<uuid:pk>/transitions", cases_api.CaseTransitionsView.as_view(), name="case-transitions"),
    path("cases/<uuid:pk>/tracks", cases_api.CaseTracksView.as_view(), name="case-tracks"),
    path("cases/<uuid:pk>/handovers", cases_api.CaseHandoversView.as_view(), name="case-handovers"),
    path("cases/<uuid:pk>/tracks/<int:track_id>/progress", cases_api.TrackProgressView.as_view(),
         name="track-progress"),
    path("cases/<uuid:pk>/tracks/<int:track_id>/closure", cases_api.TrackClosureView.as_view(), name="track-closure"),
    path("cases/<uuid:pk>/tracks/<int:track_id>/tasks", cases_api.TrackTasksView.as_view(), name="track-tasks"),
    path("cases/<uuid:pk>/consultations", cases_api.CaseConsultationsView.as_view(), name="case-consultations"),
    path("cases/<uuid:pk>/consultations/<int:consultation_id>/replies", cases_api.ConsultationRepliesView.as_view(),
         name="consultation-replies"),
    path("tables", cases_api.TablesView.as_view(), name="tables"),
    path("tables/<int:pk>/meetings", cases_api.TableMeetingsView.as_view(), name="table-meetings"),
    path("tasks", cases_api.TasksView.as_view(), name="tasks"),
    path("organisations", directory_api.OrganisationsView.as_view(), name="organisations"),
    path("meetings", directory_api.MeetingsView.as_view(), name="meetings"),
    path("meetings/<int:pk>", directory_api.MeetingView.as_view(), name="meeting"),
    path("care-trajectories", care_api.TrajectoriesView.as_view(), name="care-trajectories"),
    path("care-trajectory-statuses", care_api.TrajectoryStatusesView.as_view(), name="care-trajectory-statuses"),
    path("care-trajectories/<uuid:pk>", care_api.TrajectoryView.as_view(), name="care-trajectory"),
    path("care-trajectories/<uuid:pk>/consents", care_api.ConsentsView.as_view(), name="care-consents"),
    path("care-trajectories/<uuid:pk>/placements", care_api.PlacementsView.as_view(), name="care-placements"),
    path("care-trajectories/<uuid:pk>/hand-overs", care_api.HandOversView.as_view(), name="care-hand-overs"),
    path("shelter-places", care_api.ShelterPlacesView.as_view(), name="shelter-places"),
    path("shelter-places/<int:pk>", care_api.ShelterPlaceView.as_view(), name="shelter-place"),
    path("stats", insights_api.StatsView.as_view(), name="stats"),
    path("stats/htcds-records", insights_api.HtcdsView.as_view(), name="stats-htcds"),
    path("stats/<slug:figure>", insights_api.FigureView.as_view(), name="stats-figure"),
    path("tasks/<int:task_id>/completion", cases_api.TaskCompletionView.as_view(), name="task-completion"),
    # The municipality's own instruments (issue 18): each app keeps its paths in its api_urls.py.
    path("", include("ketenzicht.permits.api_urls")),
    path("", include("ketenzicht.wijzer.api_urls")),
    path("", include("ketenzicht.approach.api_urls")),
    path("", include("ketenzicht.measures.api_urls")),
    path("", include("ketenzicht.inspections.api_urls")),
    path("", include("ketenzicht.prevention.api_urls")),
    path("", include("ketenzicht.survey.api_urls")),
    path("", include("ketenzicht.costs.api_urls")),
    path("", include("ketenzicht.plan.api_urls")),
    path("", include("ketenzicht.imports.api_urls")),
    path("", include("ketenzicht.webhooks.api_urls")),
    path("", include("ketenzicht.linkage.api_urls")),  # issue 20: identifiers, matches, decisions
]
